package dev.rtcstats.pipeline.sink;

import static dev.rtcstats.pipeline.sink.ClickHouseValues.orEmpty;
import static dev.rtcstats.pipeline.sink.ClickHouseValues.utcMillis;

import dev.rtcstats.pipeline.common.StatsSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a {@link StatsSeries} onto the {@code stats_timeseries} table of {@code 004_stats_timeseries.sql}, one row per
 * sample. The table is keyed without {@code user}, so the record's user is not stored.
 */
final class StatsRows {
    static final String TABLE = "stats_timeseries";

    private StatsRows() {}

    static List<Row> toRows(StatsSeries series) {
        List<Row> rows = new ArrayList<>(series.samples().size());
        String sessionStart = utcMillis(series.startTime());
        for (StatsSeries.Sample sample : series.samples()) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("tenant", orEmpty(series.tenant()));
            values.put("conference", orEmpty(series.conference()));
            values.put("session", orEmpty(series.session()));
            values.put("connection_id", series.connectionId());
            values.put("session_start", sessionStart);
            values.put("peer_connection", orEmpty(sample.peerConnection()));
            values.put("report_id", orEmpty(sample.reportId()));
            values.put("type", orEmpty(sample.type()));
            values.put("metric", orEmpty(sample.metric()));
            values.put("ts", utcMillis(sample.timestamp()));
            values.put("value", sample.value());
            values.put("version", series.processingVersion());
            rows.add(new Row(TABLE, values));
        }
        return rows;
    }
}
