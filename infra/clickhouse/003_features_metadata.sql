-- rtcstats-features metadata table: one row per dump, from the dump's metadata line (the reference's
-- features_metadata). Same keys and engine as the other feature tables; FeatureCatalogDdlTest keeps it in step with
-- FeatureCatalog.METADATA.

CREATE TABLE IF NOT EXISTS features_metadata
(
    `tenant` LowCardinality(String),
    `conference` String,
    `user` String,
    `session` String,
    `connection_id` String,
    `session_start` DateTime64(3, 'UTC'),
    `version` UInt64,
    `start_time` Nullable(DateTime64(3, 'UTC')),
    `url` Nullable(String),
    `origin` Nullable(String),
    `user_agent` Nullable(String),
    `client_protocol` Nullable(String),
    `file_format` Nullable(Int64),
    `number_peerconnections` Nullable(Int64),
    `location_continent` Nullable(String),
    `location_country` Nullable(String),
    `location_city` Nullable(String)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(session_start)
ORDER BY (tenant, conference, user, session, connection_id);
