-- The console's chart series at 5-second resolution, filled on insert from stats_timeseries by a materialized view,
-- so the conference page of a long, large call reads a fifth of the samples (or fewer) of only the metrics it draws.
-- One row = (connection, PeerConnection, report, metric, 5 s interval) -> the largest value in the interval: the last
-- value of a counter (bytes, packets, quality-limitation seconds), the peak of a gauge (round-trip time, jitter,
-- frame rate). Replays insert the same samples again, which leaves a largest value unchanged. The console reads this
-- table when its chart step is 5 s or more and stats_timeseries below that; TimeSeriesQueries names the same metrics.
-- Rows written to stats_timeseries before this migration are not in it: fill them, once, with
-- INSERT INTO stats_chart_5s followed by the SELECT of stats_chart_5s_mv.
CREATE TABLE IF NOT EXISTS stats_chart_5s
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
    value           SimpleAggregateFunction(max, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(session_start)
ORDER BY (tenant, conference, session, connection_id, peer_connection, type, metric, report_id, ts)
TTL toDateTime(session_start) + INTERVAL 90 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS stats_chart_5s_mv TO stats_chart_5s AS
SELECT tenant, conference, session, connection_id, session_start, peer_connection, report_id, type, metric,
       bucket AS ts, peak AS value
FROM (
    SELECT tenant, conference, session, connection_id, any(session_start) AS session_start, peer_connection,
           report_id, type, metric, toStartOfInterval(ts, INTERVAL 5 SECOND) AS bucket, max(value) AS peak
    FROM stats_timeseries
    WHERE (type, metric) IN (
        ('inbound-rtp', 'bytesReceived'), ('inbound-rtp', 'packetsReceived'), ('inbound-rtp', 'packetsLost'),
        ('inbound-rtp', 'jitter'), ('inbound-rtp', 'framesPerSecond'), ('outbound-rtp', 'bytesSent'),
        ('outbound-rtp', 'framesPerSecond'), ('outbound-rtp', 'qualityLimitationDurations.none'),
        ('outbound-rtp', 'qualityLimitationDurations.cpu'), ('outbound-rtp', 'qualityLimitationDurations.bandwidth'),
        ('outbound-rtp', 'qualityLimitationDurations.other'), ('candidate-pair', 'currentRoundTripTime'))
    GROUP BY tenant, conference, session, connection_id, peer_connection, report_id, type, metric, bucket
);
