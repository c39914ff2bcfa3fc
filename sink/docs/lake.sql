-- Example queries on the Parquet lake with ClickHouse's s3() table function, as the local stack serves it
-- (S3 at http://127.0.0.1:9000, bucket rtcstats, keys minioadmin). Every file carries the processing version of
-- its rows: a replay adds files at a higher version and never rewrites old ones, so each query keeps the latest
-- version per connection. LakeEndToEndIT runs every query here against files the sink wrote.

-- Example 1: one participant's round-trip time, latest processing version only.
SELECT toUnixTimestamp64Milli(ts) AS ts_ms, value, version
FROM s3('http://127.0.0.1:9000/rtcstats/lake/stats_timeseries/tenant=acme/**.parquet', 'minioadmin', 'minioadmin', 'Parquet')
WHERE conference = 'room_meeting-42' AND connection_id = 'c-1' AND metric = 'currentRoundTripTime'
QUALIFY version = max(version) OVER (PARTITION BY connection_id)
ORDER BY ts;

-- Example 2: the sessions of a conference, one row per connection (its latest version).
SELECT connection_id, user, session_start, session_end, close_code, blob_url, version
FROM s3('http://127.0.0.1:9000/rtcstats/lake/sessions/**.parquet', 'minioadmin', 'minioadmin', 'Parquet')
WHERE conference = 'room_meeting-42'
ORDER BY connection_id, version DESC
LIMIT 1 BY connection_id;

-- Example 3: samples per day of one tenant; the Hive partition columns in the path (tenant, date) prune files.
SELECT date, count() AS samples, uniqExact(connection_id) AS connections
FROM s3('http://127.0.0.1:9000/rtcstats/lake/stats_timeseries/**.parquet', 'minioadmin', 'minioadmin', 'Parquet')
WHERE tenant = 'acme' AND date >= '2025-09-01'
GROUP BY date
ORDER BY date;

-- Example 4: track features across files written before and after a feature column was added: 'union' reads
-- the columns of all files, and the new column is NULL in older ones.
SELECT connection_id, track_identifier, psnr_sum_y, version
FROM s3('http://127.0.0.1:9000/rtcstats/lake/features_track/**.parquet', 'minioadmin', 'minioadmin', 'Parquet')
WHERE conference = 'room_meeting-42'
QUALIFY version = max(version) OVER (PARTITION BY connection_id)
ORDER BY connection_id, track_identifier
SETTINGS schema_inference_mode = 'union';
