package dev.rtcstats.pipeline.sink.lake;

import static dev.rtcstats.pipeline.sink.lake.LakeColumn.required;
import static dev.rtcstats.pipeline.sink.lake.LakeType.DOUBLE;
import static dev.rtcstats.pipeline.sink.lake.LakeType.INT64;
import static dev.rtcstats.pipeline.sink.lake.LakeType.STRING;
import static dev.rtcstats.pipeline.sink.lake.LakeType.TIMESTAMP_MILLIS;

import dev.rtcstats.pipeline.common.StatsSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StatsSeries} as {@code stats_timeseries} rows: the columns of ClickHouse's {@code stats_timeseries}
 * ({@code 004_stats_timeseries.sql}), one row per sample. A change of the record format changes this class only.
 */
final class StatsTable {
    static final LakeSchema SCHEMA = new LakeSchema(
            "stats_timeseries",
            List.of(
                    required("tenant", STRING),
                    required("conference", STRING),
                    required("session", STRING),
                    required("connection_id", STRING),
                    required("session_start", TIMESTAMP_MILLIS),
                    required("peer_connection", STRING),
                    required("report_id", STRING),
                    required("type", STRING),
                    required("metric", STRING),
                    required("ts", TIMESTAMP_MILLIS),
                    required("value", DOUBLE),
                    required("version", INT64)));

    private StatsTable() {}

    static List<LakeRow> rows(StatsSeries series) {
        List<LakeRow> rows = new ArrayList<>(series.samples().size());
        LocalDate date = LakeRow.day(series.startTime());
        String tenant = orEmpty(series.tenant());
        for (StatsSeries.Sample sample : series.samples()) {
            rows.add(new LakeRow(SCHEMA, tenant, date, new Object[] {
                tenant,
                orEmpty(series.conference()),
                orEmpty(series.session()),
                series.connectionId(),
                series.startTime(),
                orEmpty(sample.peerConnection()),
                orEmpty(sample.reportId()),
                orEmpty(sample.type()),
                orEmpty(sample.metric()),
                sample.timestamp(),
                sample.value(),
                series.processingVersion()
            }));
        }
        return rows;
    }

    static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
