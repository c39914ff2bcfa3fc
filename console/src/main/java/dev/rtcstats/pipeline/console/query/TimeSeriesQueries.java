package dev.rtcstats.pipeline.console.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only reader of the getStats time series: every chart value of a conference (or of one of its connections) in
 * one query, bucketed on a {@link SeriesGrid} inside ClickHouse so the page gets a few hundred points per series
 * whatever the call's length. Steps of 5 s and more read the 5-second roll-up {@code stats_chart_5s}
 * ({@code 007_stats_chart.sql}, which names the same metrics), shorter ones {@code stats_reports} (010), its map of
 * values turned into one row per value so both sources read alike. The filter
 * follows the sort key (tenant, conference, [session, connection_id], type, metric) and the partition column
 * {@code session_start}, and only the chart's columns and metrics are read. A counter's largest value in a bucket is
 * its last, so rates come from one bucket's largest to the next, over the time between their last samples (the
 * roll-up keeps that time since 010); duplicates left by a replay before ReplacingMergeTree merges change neither, so
 * no {@code FINAL} is needed.
 */
public final class TimeSeriesQueries {
    private static final String SPAN = """
            SELECT toUnixTimestamp64Milli(min(session_start)) AS first_start,
                   toUnixTimestamp64Milli(max(session_start)) AS last_start,
                   toUnixTimestamp64Milli(max(session_end)) AS last_end, any(session) AS any_session, count() AS n
            FROM sessions FINAL
            WHERE tenant = ? AND conference = ?
            """;

    /**
     * Per series (connection, PeerConnection, report, type, metric; hashed so the grouping keys are numbers) and
     * bucket, the largest value; counters become rates from one bucket to the next; then per connection and bucket
     * the chart values, mapped back from the connection's hash to its id through the sessions of the conference.
     */
    private static final String SERIES = """
            SELECT s.connection_id AS connection_id, t.b AS bucket, bitrate_in, bitrate_out, rtt_ms, lost, received,
                jitter_ms, fps_in, fps_out, ql_none, ql_cpu, ql_bandwidth, ql_other
            FROM (
                SELECT conn, b,
                    sumIfOrNull(rate, kind = 1) * 8 AS bitrate_in,
                    sumIfOrNull(rate, kind = 2) * 8 AS bitrate_out,
                    maxIfOrNull(v, kind = 3) * 1000 AS rtt_ms,
                    sumIfOrNull(delta, kind = 4) AS lost,
                    sumIfOrNull(delta, kind = 5) AS received,
                    maxIfOrNull(v, kind = 6) * 1000 AS jitter_ms,
                    maxIfOrNull(v, kind = 7) AS fps_in,
                    maxIfOrNull(v, kind = 8) AS fps_out,
                    sumIfOrNull(delta, kind = 9) AS ql_none,
                    sumIfOrNull(delta, kind = 10) AS ql_cpu,
                    sumIfOrNull(delta, kind = 11) AS ql_bandwidth,
                    sumIfOrNull(delta, kind = 12) AS ql_other
                FROM (
                    SELECT conn, kind, b, v,
                        if(isFinite(previous), greatest(v - previous, 0), NULL) AS delta,
                        if(t > previous_t, delta * 1000 / (t - previous_t), NULL) AS rate
                    FROM (
                        SELECT conn, kind, b, v, t,
                            lagInFrame(v, 1, nan) OVER w AS previous,
                            lagInFrame(t, 1, t) OVER w AS previous_t
                        FROM (
                            SELECT cityHash64(connection_id, peer_connection, report_id, type, metric) AS series,
                                any(cityHash64(connection_id)) AS conn,
                                any(multiIf(
                                    type = 'inbound-rtp' AND metric = 'bytesReceived', 1,
                                    type = 'outbound-rtp' AND metric = 'bytesSent', 2,
                                    type = 'candidate-pair' AND metric = 'currentRoundTripTime', 3,
                                    type = 'inbound-rtp' AND metric = 'packetsLost', 4,
                                    type = 'inbound-rtp' AND metric = 'packetsReceived', 5,
                                    type = 'inbound-rtp' AND metric = 'jitter', 6,
                                    type = 'inbound-rtp' AND metric = 'framesPerSecond', 7,
                                    type = 'outbound-rtp' AND metric = 'framesPerSecond', 8,
                                    type = 'outbound-rtp' AND metric = 'qualityLimitationDurations.none', 9,
                                    type = 'outbound-rtp' AND metric = 'qualityLimitationDurations.cpu', 10,
                                    type = 'outbound-rtp' AND metric = 'qualityLimitationDurations.bandwidth', 11,
                                    type = 'outbound-rtp' AND metric = 'qualityLimitationDurations.other', 12,
                                    0)) AS kind,
                                intDiv(toUnixTimestamp64Milli(ts) - ?, ?) AS b,
                                max(value) AS v,
                                toUnixTimestamp64Milli(max(%s)) AS t
                            FROM %s
                            WHERE tenant = ? AND conference = ?
                              AND session_start >= fromUnixTimestamp64Milli(?)
                              AND session_start <= fromUnixTimestamp64Milli(?)
                              %s
                              AND type IN ('inbound-rtp', 'outbound-rtp', 'candidate-pair')
                              AND metric IN ('bytesReceived', 'bytesSent', 'currentRoundTripTime', 'packetsLost',
                                  'packetsReceived', 'jitter', 'framesPerSecond', 'qualityLimitationDurations.none',
                                  'qualityLimitationDurations.cpu', 'qualityLimitationDurations.bandwidth',
                                  'qualityLimitationDurations.other')
                            GROUP BY series, b
                        )
                        WHERE kind > 0
                        WINDOW w AS (PARTITION BY series ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
                    )
                )
                GROUP BY conn, b
            ) AS t
            INNER JOIN (
                SELECT DISTINCT connection_id, cityHash64(connection_id) AS conn
                FROM sessions
                WHERE tenant = ? AND conference = ?
            ) AS s ON s.conn = t.conn
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
        parameters.add(tenant);
        parameters.add(conference);
        Source source = Source.of(grid);
        String sql = SERIES.formatted(source.lastSampleTime, source.table, connectionId == null ? "" : ONE_CONNECTION);
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

    /** Where the samples are read: the raw table for steps under 5 s, else its 5-second chart roll-up. */
    enum Source {
        RAW(
                "(SELECT tenant, conference, session, connection_id, session_start, peer_connection, report_id, type,"
                        + " metric, ts, value FROM stats_reports"
                        + " ARRAY JOIN mapKeys(metrics) AS metric, mapValues(metrics) AS value)",
                "ts"),
        CHART_5S("stats_chart_5s", "last_ts");

        /** The roll-up's interval; every grid step from it up is a multiple of it, and so is the grid's start. */
        static final long ROLLUP_MILLIS = 5_000;

        private final String table;
        /** The column with the time of a row's last sample. */
        private final String lastSampleTime;

        Source(String table, String lastSampleTime) {
            this.table = table;
            this.lastSampleTime = lastSampleTime;
        }

        static Source of(SeriesGrid grid) {
            return grid.step() >= ROLLUP_MILLIS ? CHART_5S : RAW;
        }
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
