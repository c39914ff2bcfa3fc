-- The five examples of sink/docs/stats_timeseries.sql on the report-per-row layout (010), for stats-layouts.sh;
-- example 5 without its join to sessions (the same cost on both layouts).
SELECT report_id, ts, (value - lagInFrame(value) OVER w) * 8 / nullIf((toUnixTimestamp64Milli(ts) - lagInFrame(toUnixTimestamp64Milli(ts)) OVER w) / 1000, 0) AS bps
FROM (SELECT peer_connection, report_id, ts, metrics['bytesReceived'] AS value FROM stats_reports FINAL
      WHERE tenant = 'acme' AND conference = 'room-42' AND connection_id = '{connection}' AND type = 'inbound-rtp' AND mapContains(metrics, 'bytesReceived'))
WINDOW w AS (PARTITION BY peer_connection, report_id ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY report_id, ts;

SELECT connection_id, max(rtt) AS max_rtt_s, quantile(0.95)(rtt) AS p95_rtt_s
FROM (SELECT connection_id, metrics['currentRoundTripTime'] AS rtt FROM stats_reports FINAL
      WHERE conference = 'room-42' AND type = 'candidate-pair' AND mapContains(metrics, 'currentRoundTripTime'))
GROUP BY connection_id ORDER BY max_rtt_s DESC;

SELECT connection_id, report_id, argMax(metrics['packetsLost'], ts) AS lost, argMax(metrics['packetsReceived'], ts) AS received,
    lost / nullIf(lost + received, 0) AS loss_ratio
FROM stats_reports FINAL WHERE conference = 'room-42' AND type = 'inbound-rtp' AND mapContains(metrics, 'packetsReceived')
GROUP BY connection_id, report_id ORDER BY loss_ratio DESC;

SELECT toStartOfInterval(ts, INTERVAL 10 SECOND) AS bucket, report_id, avg(metrics['framesPerSecond']) AS fps FROM stats_reports FINAL
WHERE conference = 'room-42' AND connection_id = '{connection}' AND type = 'outbound-rtp' AND mapContains(metrics, 'framesPerSecond')
GROUP BY bucket, report_id ORDER BY bucket, report_id;

SELECT conference, uniqExact(connection_id) AS participants, sum(length(metrics)) / participants AS samples_per_participant
FROM stats_reports FINAL WHERE session_start > now64(3) - INTERVAL 2 DAY GROUP BY conference ORDER BY samples_per_participant DESC LIMIT 20;

