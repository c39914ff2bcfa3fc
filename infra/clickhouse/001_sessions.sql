-- One row per closed connection, written by the sink from rtcstats.sessions.v1.
-- A replay inserts the same key again; ReplacingMergeTree keeps the row with the largest version, so read with FINAL.
-- The partition is a function of session_start only, so every replay of a session lands in the same partition.
-- Key columns hold '' for a missing claim; the "rtcstats-server" view turns '' back into NULL.
CREATE TABLE IF NOT EXISTS sessions
(
    tenant          LowCardinality(String),
    conference      String,
    user            String,
    session         String,
    connection_id   String,
    session_start   DateTime64(3, 'UTC'),
    session_end     DateTime64(3, 'UTC'),
    gateway         LowCardinality(String),
    message_count   UInt64,
    close_code      UInt16,
    closed_by       LowCardinality(String),
    user_agent      String,
    origin          Nullable(String),
    client_protocol LowCardinality(String),
    dump_bytes      UInt64,
    blob_key        String,
    blob_url        String,
    format          UInt16,
    version         UInt64,
    inserted_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(session_start)
ORDER BY (tenant, conference, user, session, connection_id);

-- The reference server's table, as a view, so its queries run unchanged:
--   SELECT session_start, session_end, rtcstats_user, rtcstats_conference, rtcstats_session, blob_url
--   FROM "rtcstats-server" WHERE rtcstats_conference = 'room_meeting-42' ORDER BY session_start DESC;
-- id is the connection id (the reference's bigint identity has no meaning across a replayed pipeline).
CREATE VIEW IF NOT EXISTS "rtcstats-server" AS
SELECT
    s.connection_id                 AS id,
    s.session_start                 AS session_start,
    s.session_end                   AS session_end,
    nullIf(s.user, '')              AS rtcstats_user,
    nullIf(s.conference, '')        AS rtcstats_conference,
    nullIf(s.session, '')           AS rtcstats_session,
    nullIf(s.blob_url, '')          AS blob_url,
    nullIf(s.gateway, '')           AS host_identifier,
    s.tenant                        AS tenant
FROM sessions AS s FINAL;
