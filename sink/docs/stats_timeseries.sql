-- Example queries on stats_reports (table: infra/clickhouse/010_stats_reports.sql, filled by the sink
-- from rtcstats.stats.v1): one row per report and time, its values in the map metrics. Read a value with
-- metrics['name'] and keep the rows that have it with mapContains (a missing key reads 0).
-- TimeseriesDesignIT runs every query here against ClickHouse.

-- Example 1: received bitrate (bit/s) of every inbound RTP stream of one connection, from the bytesReceived counter.
SELECT
    report_id,
    ts,
    (value - lagInFrame(value) OVER w) * 8
        / nullIf((toUnixTimestamp64Milli(ts) - lagInFrame(toUnixTimestamp64Milli(ts)) OVER w) / 1000, 0) AS bps
FROM
(
    SELECT peer_connection, report_id, ts, metrics['bytesReceived'] AS value
    FROM stats_reports FINAL
    WHERE tenant = 'acme' AND conference = 'room_meeting-42' AND connection_id = 'c-1'
      AND type = 'inbound-rtp' AND mapContains(metrics, 'bytesReceived')
)
WINDOW w AS (PARTITION BY peer_connection, report_id ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY report_id, ts;

-- Example 2: worst round-trip time per participant of a conference (candidate pairs, seconds).
SELECT connection_id, max(rtt) AS max_rtt_s, quantile(0.95)(rtt) AS p95_rtt_s
FROM
(
    SELECT connection_id, metrics['currentRoundTripTime'] AS rtt
    FROM stats_reports FINAL
    WHERE conference = 'room_meeting-42' AND type = 'candidate-pair'
      AND mapContains(metrics, 'currentRoundTripTime')
)
GROUP BY connection_id
ORDER BY max_rtt_s DESC;

-- Example 3: packet loss ratio per inbound stream at the end of each connection (last counter values).
SELECT
    connection_id,
    report_id,
    argMax(metrics['packetsLost'], ts) AS lost,
    argMax(metrics['packetsReceived'], ts) AS received,
    lost / nullIf(lost + received, 0) AS loss_ratio
FROM stats_reports FINAL
WHERE conference = 'room_meeting-42' AND type = 'inbound-rtp' AND mapContains(metrics, 'packetsReceived')
GROUP BY connection_id, report_id
ORDER BY loss_ratio DESC;

-- Example 4: a chart-ready 10-second downsampling of the outgoing frame rate of one connection.
SELECT toStartOfInterval(ts, INTERVAL 10 SECOND) AS bucket, report_id, avg(metrics['framesPerSecond']) AS fps
FROM stats_reports FINAL
WHERE conference = 'room_meeting-42' AND connection_id = 'c-1' AND type = 'outbound-rtp'
  AND mapContains(metrics, 'framesPerSecond')
GROUP BY bucket, report_id
ORDER BY bucket, report_id;

-- Example 5: join to the session rows: the conferences of the last day with the most samples per participant.
SELECT s.conference, uniqExact(s.connection_id) AS participants, sum(length(t.metrics)) / participants AS samples_per_participant
FROM stats_reports AS t FINAL
INNER JOIN (SELECT tenant, conference, connection_id FROM sessions FINAL) AS s
    ON s.tenant = t.tenant AND s.connection_id = t.connection_id
WHERE t.session_start > now64(3) - INTERVAL 1 DAY
GROUP BY s.conference
ORDER BY samples_per_participant DESC
LIMIT 20;
