-- The getStats time series as one row per report and poll, its numeric values in one Map: stats_reports replaces
-- stats_timeseries (004, one row per value), which the sink no longer writes. Measured on a day of synthetic calls
-- (docs/benchmarks.md, "stats_timeseries layouts"): per sample it costs the engine 0.5x the insert CPU, 0.84x the
-- bytes on disk and 0.3x the bytes on the wire, and the example queries of sink/docs/stats_timeseries.sql read half
-- the rows or fewer, for about the same CPU (0.4x for a scan of the table).
-- One row = (connection, PeerConnection, report type, report id, ts) -> {metric: value}. The sink writes every value
-- of one report at one time in one row, so a row is whole; read one value with metrics['bytesReceived'] and filter
-- with mapContains(metrics, 'bytesReceived') (a missing key reads 0).
-- Replays write the same key with the same or a larger version: ReplacingMergeTree collapses them, read with FINAL
-- (or argMax). The partition is the session's month, so replays land in the same partition.
-- Rows of stats_timeseries stay there until its TTL empties it. To move them here, once (not done at start, since
-- it can take long, and not in cluster mode): INSERT INTO stats_reports SELECT tenant, conference, session,
-- connection_id, session_start, peer_connection, type, report_id, ts, mapFromArrays(groupArray(metric),
-- groupArray(value)), max(version) FROM stats_timeseries FINAL GROUP BY tenant, conference, session, connection_id,
-- session_start, peer_connection, type, report_id, ts
CREATE TABLE IF NOT EXISTS stats_reports
(
    tenant          LowCardinality(String),
    conference      String,
    session         String,
    connection_id   String,
    session_start   DateTime64(3, 'UTC'),
    peer_connection LowCardinality(String),
    type            LowCardinality(String),
    report_id       String,
    ts              DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD),
    metrics         Map(LowCardinality(String), Float64) CODEC(ZSTD),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(session_start)
ORDER BY (tenant, conference, session, connection_id, peer_connection, type, report_id, ts)
TTL toDateTime(session_start) + INTERVAL 90 DAY;

-- The console's 5-second roll-up (007) gets the time of each interval's last sample, so that a chart's rates divide
-- by the time between the last samples of two buckets, not by the bucket width (a poll late or missing would
-- otherwise show as a dip or a spike). Rows written before this migration read their interval's start.
ALTER TABLE stats_chart_5s ADD COLUMN IF NOT EXISTS last_ts SimpleAggregateFunction(max, DateTime64(3, 'UTC')) DEFAULT ts;

-- The roll-up from the new table: the same metrics as 007, one row per value of a report.
CREATE MATERIALIZED VIEW IF NOT EXISTS stats_chart_5s_reports_mv TO stats_chart_5s AS
SELECT tenant, conference, session, connection_id, session_start, peer_connection, report_id, type, metric,
       bucket AS ts, peak AS value, last AS last_ts
FROM (
    SELECT tenant, conference, session, connection_id, any(session_start) AS session_start, peer_connection,
           report_id, type, metric, toStartOfInterval(ts, INTERVAL 5 SECOND) AS bucket, max(value) AS peak,
           max(ts) AS last
    FROM stats_reports
    ARRAY JOIN mapKeys(metrics) AS metric, mapValues(metrics) AS value
    WHERE (type, metric) IN (
        ('inbound-rtp', 'bytesReceived'), ('inbound-rtp', 'packetsReceived'), ('inbound-rtp', 'packetsLost'),
        ('inbound-rtp', 'jitter'), ('inbound-rtp', 'framesPerSecond'), ('outbound-rtp', 'bytesSent'),
        ('outbound-rtp', 'framesPerSecond'), ('outbound-rtp', 'qualityLimitationDurations.none'),
        ('outbound-rtp', 'qualityLimitationDurations.cpu'), ('outbound-rtp', 'qualityLimitationDurations.bandwidth'),
        ('outbound-rtp', 'qualityLimitationDurations.other'), ('candidate-pair', 'currentRoundTripTime'))
    GROUP BY tenant, conference, session, connection_id, peer_connection, report_id, type, metric, bucket
);

-- stats_reports one value per row, deduplicated (FINAL), with the columns of stats_timeseries: for tools and
-- comparisons that want the long layout (the Parquet lake's stats_timeseries has the same columns).
CREATE VIEW IF NOT EXISTS stats_samples AS
SELECT tenant, conference, session, connection_id, session_start, peer_connection, report_id, type, metric, ts,
       value, version
FROM stats_reports FINAL
ARRAY JOIN mapKeys(metrics) AS metric, mapValues(metrics) AS value;
