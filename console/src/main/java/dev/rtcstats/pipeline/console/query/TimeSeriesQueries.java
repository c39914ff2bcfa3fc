package dev.rtcstats.pipeline.console.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only reader of {@code stats_timeseries}: every chart value of a conference (or of one of its connections) in
 * one query, bucketed on a {@link SeriesGrid} inside ClickHouse so the page gets a few hundred points per series
 * whatever the call's length. The filter follows the table's sort key (tenant, conference, [session,
 * connection_id], type, metric) and the partition column {@code session_start}, and only the chart's metrics are
 * read. Counters become rates from the last value of each report per bucket; duplicates left by a replay before
 * ReplacingMergeTree merges do not change a last or a largest value, so no {@code FINAL} is needed.
 */
public final class TimeSeriesQueries {
    private static final String SPAN = """
            SELECT toUnixTimestamp64Milli(min(session_start)) AS first_start,
                   toUnixTimestamp64Milli(max(session_start)) AS last_start,
                   toUnixTimestamp64Milli(max(session_end)) AS last_end, any(session) AS any_session, count() AS n
            FROM sessions FINAL
            WHERE tenant = ? AND conference = ?
            """;

    private static final String SERIES = """
            SELECT connection_id, bucket,
                sumIfOrNull(rate, type = 'inbound-rtp' AND metric = 'bytesReceived') * 8 AS bitrate_in,
                sumIfOrNull(rate, type = 'outbound-rtp' AND metric = 'bytesSent') * 8 AS bitrate_out,
                maxIfOrNull(peak, type = 'candidate-pair' AND metric = 'currentRoundTripTime') * 1000 AS rtt_ms,
                sumIfOrNull(delta, type = 'inbound-rtp' AND metric = 'packetsLost') AS lost,
                sumIfOrNull(delta, type = 'inbound-rtp' AND metric = 'packetsReceived') AS received,
                maxIfOrNull(peak, type = 'inbound-rtp' AND metric = 'jitter') * 1000 AS jitter_ms,
                maxIfOrNull(peak, type = 'inbound-rtp' AND metric = 'framesPerSecond') AS fps_in,
                maxIfOrNull(peak, type = 'outbound-rtp' AND metric = 'framesPerSecond') AS fps_out,
                sumIfOrNull(delta, metric = 'qualityLimitationDurations.none') AS ql_none,
                sumIfOrNull(delta, metric = 'qualityLimitationDurations.cpu') AS ql_cpu,
                sumIfOrNull(delta, metric = 'qualityLimitationDurations.bandwidth') AS ql_bandwidth,
                sumIfOrNull(delta, metric = 'qualityLimitationDurations.other') AS ql_other
            FROM (
                SELECT connection_id, type, metric, bucket, peak,
                    if(isFinite(previous) AND last_ms > previous_ms, greatest(last - previous, 0), NULL) AS delta,
                    delta * 1000 / (last_ms - previous_ms) AS rate
                FROM (
                    SELECT connection_id, type, metric, bucket, peak, last, last_ms,
                        lagInFrame(last, 1, nan) OVER w AS previous,
                        lagInFrame(last_ms, 1, toInt64(0)) OVER w AS previous_ms
                    FROM (
                        SELECT connection_id, peer_connection, report_id, type, metric,
                            toInt64(floor((toUnixTimestamp64Milli(ts) - ?) / ?)) AS bucket,
                            argMax(value, ts) AS last, toUnixTimestamp64Milli(max(ts)) AS last_ms, max(value) AS peak
                        FROM stats_timeseries
                        WHERE tenant = ? AND conference = ?
                          AND session_start >= fromUnixTimestamp64Milli(?) AND session_start <= fromUnixTimestamp64Milli(?)
                          %s
                          AND (type, metric) IN (
                              ('inbound-rtp', 'bytesReceived'), ('outbound-rtp', 'bytesSent'),
                              ('candidate-pair', 'currentRoundTripTime'), ('inbound-rtp', 'packetsLost'),
                              ('inbound-rtp', 'packetsReceived'), ('inbound-rtp', 'jitter'),
                              ('inbound-rtp', 'framesPerSecond'), ('outbound-rtp', 'framesPerSecond'),
                              ('outbound-rtp', 'qualityLimitationDurations.none'),
                              ('outbound-rtp', 'qualityLimitationDurations.cpu'),
                              ('outbound-rtp', 'qualityLimitationDurations.bandwidth'),
                              ('outbound-rtp', 'qualityLimitationDurations.other'))
                        GROUP BY connection_id, peer_connection, report_id, type, metric, bucket
                    )
                    WINDOW w AS (PARTITION BY connection_id, peer_connection, report_id, type, metric ORDER BY bucket
                                 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
                )
            )
            GROUP BY connection_id, bucket
            ORDER BY connection_id, bucket
            """;

    private static final String ONE_CONNECTION = "AND session = ? AND connection_id = ?";

    private final ClickHouseReader clickhouse;

    public TimeSeriesQueries(ClickHouseReader clickhouse) {
        this.clickhouse = clickhouse;
    }

    /**
     * The chart values of every connection of the conference, or of {@code connectionId} alone when it is not
     * null, on a grid of at most {@code maxPoints}; empty when the tenant has no such conference or connection.
     */
    public Optional<ConferenceSeries> series(String tenant, String conference, String connectionId, int maxPoints)
            throws SQLException {
        StringBuilder spanSql = new StringBuilder(SPAN);
        List<Object> spanParameters = new ArrayList<>(List.of(tenant, conference));
        if (connectionId != null) {
            spanSql.append("  AND connection_id = ?");
            spanParameters.add(connectionId);
        }
        Span span = clickhouse
                .query(QueryName.SERIES_SPAN, spanSql.toString(), spanParameters, TimeSeriesQueries::span)
                .getFirst();
        if (span.connections() == 0) {
            return Optional.empty();
        }
        SeriesGrid grid = SeriesGrid.covering(span.firstStart(), span.lastEnd(), maxPoints);
        List<Object> parameters = new ArrayList<>(
                List.of(grid.from(), grid.step(), tenant, conference, span.firstStart(), span.lastStart()));
        if (connectionId != null) {
            parameters.add(span.session());
            parameters.add(connectionId);
        }
        String sql = SERIES.formatted(connectionId == null ? "" : ONE_CONNECTION);
        Map<String, SeriesBuilder> builders = new HashMap<>();
        for (Bucket bucket : clickhouse.query(QueryName.SERIES, sql, parameters, TimeSeriesQueries::bucket)) {
            if (bucket.index() >= 0 && bucket.index() < grid.points()) {
                builders.computeIfAbsent(bucket.connectionId(), id -> new SeriesBuilder(grid.points()))
                        .add(bucket);
            }
        }
        Map<String, ParticipantSeries> participants = new HashMap<>();
        builders.forEach((id, builder) -> participants.put(id, builder.build()));
        return Optional.of(new ConferenceSeries(grid, participants));
    }

    private static Span span(ResultSet row) throws SQLException {
        return new Span(
                row.getLong("first_start"),
                row.getLong("last_start"),
                row.getLong("last_end"),
                row.getString("any_session"),
                row.getLong("n"));
    }

    private static Bucket bucket(ResultSet row) throws SQLException {
        return new Bucket(
                row.getString("connection_id"),
                row.getLong("bucket"),
                number(row, "bitrate_in"),
                number(row, "bitrate_out"),
                number(row, "rtt_ms"),
                number(row, "lost"),
                number(row, "received"),
                number(row, "jitter_ms"),
                number(row, "fps_in"),
                number(row, "fps_out"),
                new double[] {
                    orZero(row, "ql_none"), orZero(row, "ql_cpu"), orZero(row, "ql_bandwidth"), orZero(row, "ql_other")
                });
    }

    private static Double number(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() || !Double.isFinite(value) ? null : value;
    }

    private static double orZero(ResultSet row, String column) throws SQLException {
        Double value = number(row, column);
        return value == null ? 0 : value;
    }

    private record Span(long firstStart, long lastStart, long lastEnd, String session, long connections) {}

    /** One row of the series query: a connection's values in one bucket. */
    record Bucket(
            String connectionId,
            long index,
            Double bitrateIn,
            Double bitrateOut,
            Double rttMs,
            Double lost,
            Double received,
            Double jitterMs,
            Double fpsIn,
            Double fpsOut,
            double[] limitationSeconds) {}
}
