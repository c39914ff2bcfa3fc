-- Every numeric getStats value of a dump as one row, written by the sink from rtcstats.stats.v1 (StatsSeries), so
-- rtcStats time series can be charted and aggregated in SQL instead of by downloading and parsing dumps.
-- One row = (connection, PeerConnection, RTCStats report id, metric, timestamp) -> value. A dump of 10 minutes with
-- 2 PeerConnections and ~40 numeric metrics on ~30 reports at 1 s gives roughly 1.4 M rows; the codecs below keep
-- that to a few MB because ts is near-regular (DoubleDelta) and counters change slowly (Gorilla).
-- Replays write the same key with the same or a larger version: ReplacingMergeTree collapses them, read with FINAL
-- (or argMax) as for sessions. The partition is the session's month, so replays land in the same partition.
-- Example queries: sink/docs/stats_timeseries.sql.
CREATE TABLE IF NOT EXISTS stats_timeseries
(
    tenant          LowCardinality(String),
    conference      String,
    session         String,
    connection_id   String,
    session_start   DateTime64(3, 'UTC'),
    peer_connection LowCardinality(String),
    report_id       String,
    type            LowCardinality(String),
    metric          LowCardinality(String),
    ts              DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD),
    value           Float64 CODEC(Gorilla, ZSTD),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(session_start)
ORDER BY (tenant, conference, session, connection_id, peer_connection, type, metric, report_id, ts)
TTL toDateTime(session_start) + INTERVAL 90 DAY;
