-- A day of synthetic getStats samples in the one-value-per-row layout (004): 400 connections of 10 minutes
-- (100 conferences of 4), their starts spread over yesterday, one poll a second, 38 values a poll as Chromium
-- reports them with the default ENRICHER_STATS_KEEP (inbound and outbound audio and video, remote-inbound, the
-- candidate pair): 9.12 M samples. Counters grow with noise, gauges are noisy, frame sizes change once.
INSERT INTO stats_timeseries
SELECT 'acme' AS tenant,
       concat('room-', toString(intDiv(c, 4))) AS conference,
       toString(reinterpretAsUUID(MD5(concat('s', toString(c))))) AS session,
       toString(reinterpretAsUUID(MD5(concat('c', toString(c))))) AS connection_id,
       toDateTime64(toStartOfDay(now()) - INTERVAL 1 DAY, 3, 'UTC') + toIntervalMillisecond(c * 216000) AS session_start,
       'PC_0' AS peer_connection,
       m.2 AS report_id, m.1 AS type, m.3 AS metric,
       session_start + toIntervalMillisecond(p * 1000 + 500 + cityHash64(c, p) % 40) AS ts,
       multiIf(m.4 = 'counter', p * m.5 + (cityHash64(c, p, m.3, m.2) % 1000) / 1000 * m.5,
               m.4 = 'const', m.5 * if(p > 300, 0.75, 1),
               m.5 * (0.5 + (cityHash64(c, p, m.3, m.2) % 1000) / 1000)) AS value,
       1 AS version
FROM (SELECT intDiv(number, 600) AS c, number % 600 AS p FROM numbers(400 * 600))
ARRAY JOIN [
  ('inbound-rtp','IT01A1111','bytesReceived','counter',4000.),('inbound-rtp','IT01A1111','packetsReceived','counter',50.),
  ('inbound-rtp','IT01A1111','packetsLost','counter',0.2),('inbound-rtp','IT01A1111','jitter','gauge',0.004),
  ('inbound-rtp','IT01A1111','concealedSamples','counter',30.),('inbound-rtp','IT01A1111','totalSamplesReceived','counter',48000.),
  ('inbound-rtp','IT01V2222','bytesReceived','counter',150000.),('inbound-rtp','IT01V2222','packetsReceived','counter',140.),
  ('inbound-rtp','IT01V2222','packetsLost','counter',0.5),('inbound-rtp','IT01V2222','jitter','gauge',0.012),
  ('inbound-rtp','IT01V2222','framesPerSecond','gauge',30.),('inbound-rtp','IT01V2222','frameWidth','const',1280.),
  ('inbound-rtp','IT01V2222','frameHeight','const',720.),('inbound-rtp','IT01V2222','freezeCount','counter',0.01),
  ('outbound-rtp','OT01A3333','bytesSent','counter',4000.),('outbound-rtp','OT01A3333','packetsSent','counter',50.),
  ('outbound-rtp','OT01A3333','targetBitrate','const',32000.),
  ('outbound-rtp','OT01V4444','bytesSent','counter',150000.),('outbound-rtp','OT01V4444','packetsSent','counter',140.),
  ('outbound-rtp','OT01V4444','framesPerSecond','gauge',30.),('outbound-rtp','OT01V4444','frameWidth','const',1280.),
  ('outbound-rtp','OT01V4444','frameHeight','const',720.),('outbound-rtp','OT01V4444','targetBitrate','const',1500000.),
  ('outbound-rtp','OT01V4444','qualityLimitationDurations.none','counter',0.9),('outbound-rtp','OT01V4444','qualityLimitationDurations.cpu','counter',0.05),
  ('outbound-rtp','OT01V4444','qualityLimitationDurations.bandwidth','counter',0.05),('outbound-rtp','OT01V4444','qualityLimitationDurations.other','const',0.),
  ('outbound-rtp','OT01V4444','qualityLimitationResolutionChanges','counter',0.002),
  ('remote-inbound-rtp','RI01A3333','roundTripTime','gauge',0.05),('remote-inbound-rtp','RI01A3333','packetsLost','counter',0.2),
  ('remote-inbound-rtp','RI01A3333','fractionLost','gauge',0.001),('remote-inbound-rtp','RI01A3333','jitter','gauge',0.004),
  ('remote-inbound-rtp','RI01V4444','roundTripTime','gauge',0.05),('remote-inbound-rtp','RI01V4444','packetsLost','counter',0.5),
  ('remote-inbound-rtp','RI01V4444','fractionLost','gauge',0.001),('remote-inbound-rtp','RI01V4444','jitter','gauge',0.012),
  ('candidate-pair','CPabcd1234_efgh5678','currentRoundTripTime','gauge',0.05),('candidate-pair','CPabcd1234_efgh5678','availableOutgoingBitrate','gauge',2000000.)
] AS m
SETTINGS max_block_size = 65536, max_insert_block_size = 1048576
