-- The reference's schema for analysts: its column names and join keys, so that the queries written for
-- rtcstats/rtcstats (supabase/migrations at 406aeaedf0b0914034d25e731a451ead86a4b137, e.g. the join in
-- packages/rtcstats-features/README.md) run with no renaming.
--
-- Our keys differ: a dump is a connection id (a UUID that survives replays) instead of a bigint identity. In this
-- database the feature tables get ALIAS columns for the reference keys that do not collide with ours (id, dump_id,
-- useragent) and created_at. features_track.connection_id is our dump key here, so the complete reference shape,
-- where features_track.connection_id joins features_connection.id, is the database rtcstats_reference: one view per
-- reference table, read with FINAL, with exactly the reference's columns. Point a client at that database (or
-- USE rtcstats_reference) and the reference's queries run unchanged. ReferenceSchemaIT pins the column set.
-- The flags and counters that the reference declares DEFAULT FALSE / DEFAULT 0 read as such in those views (its
-- extractor leaves an undefined feature out of the insert, so the default applies there); the tables keep NULL.

ALTER TABLE features_metadata
    ADD COLUMN IF NOT EXISTS created_at DateTime64(3, 'UTC') DEFAULT now64(3),
    ADD COLUMN IF NOT EXISTS id String ALIAS connection_id,
    ADD COLUMN IF NOT EXISTS dump_id String ALIAS connection_id,
    ADD COLUMN IF NOT EXISTS useragent Nullable(String) ALIAS user_agent;

ALTER TABLE features_client
    ADD COLUMN IF NOT EXISTS id String ALIAS connection_id,
    ADD COLUMN IF NOT EXISTS dump_id String ALIAS connection_id;

ALTER TABLE features_connection
    ADD COLUMN IF NOT EXISTS id String ALIAS concat(connection_id, '/', connection_identifier),
    ADD COLUMN IF NOT EXISTS dump_id String ALIAS connection_id;

ALTER TABLE features_track
    ADD COLUMN IF NOT EXISTS id String ALIAS concat(connection_id, '/', connection_identifier, '/', track_identifier);

-- id is the connection id; created_at and features_processing_* are when the row reached ClickHouse (features are
-- computed at close, in the same step); rtcstats_embed_url is NULL (no rtcstats.com upload here).
CREATE OR REPLACE VIEW "rtcstats-server" AS
SELECT
    s.inserted_at AS created_at,
    s.session_start AS session_start,
    s.session_end AS session_end,
    nullIf(s.blob_url, '') AS blob_url,
    nullIf(s.user, '') AS rtcstats_user,
    nullIf(s.conference, '') AS rtcstats_conference,
    nullIf(s.session, '') AS rtcstats_session,
    s.connection_id AS id,
    s.inserted_at AS features_processing_start,
    s.inserted_at AS features_processing_stop,
    CAST(NULL AS Nullable(String)) AS rtcstats_embed_url,
    nullIf(s.gateway, '') AS host_identifier,
    s.tenant AS tenant
FROM sessions AS s FINAL;

CREATE DATABASE IF NOT EXISTS rtcstats_reference;

CREATE OR REPLACE VIEW rtcstats_reference."rtcstats-server" AS
SELECT
    s.inserted_at AS created_at,
    s.session_start AS session_start,
    s.session_end AS session_end,
    nullIf(s.blob_url, '') AS blob_url,
    nullIf(s.user, '') AS rtcstats_user,
    nullIf(s.conference, '') AS rtcstats_conference,
    nullIf(s.session, '') AS rtcstats_session,
    s.connection_id AS id,
    s.inserted_at AS features_processing_start,
    s.inserted_at AS features_processing_stop,
    CAST(NULL AS Nullable(String)) AS rtcstats_embed_url,
    nullIf(s.gateway, '') AS host_identifier
FROM sessions AS s FINAL;

CREATE OR REPLACE VIEW rtcstats_reference.features_metadata AS
SELECT
    t.connection_id AS id,
    t.connection_id AS dump_id,
    t.created_at AS created_at,
    t.start_time AS start_time,
    t.url AS url,
    t.origin AS origin,
    t.user_agent AS useragent,
    t.client_protocol AS client_protocol,
    t.file_format AS file_format,
    t.number_peerconnections AS number_peerconnections,
    t.location_country AS location_country,
    t.location_continent AS location_continent,
    t.location_city AS location_city
FROM features_metadata AS t FINAL;

CREATE OR REPLACE VIEW rtcstats_reference.features_client AS
SELECT
    t.connection_id AS id,
    t.connection_id AS dump_id,
    t.start_time AS start_time,
    t.duration AS duration,
    t.user_agent_data AS user_agent_data,
    t.hardware_concurrency AS hardware_concurrency,
    t.device_memory AS device_memory,
    t.screen AS screen,
    t.window AS window,
    coalesce(t.called_get_user_media, false) AS called_get_user_media,
    coalesce(t.called_get_user_media_audio, false) AS called_get_user_media_audio,
    coalesce(t.called_get_user_media_combined, false) AS called_get_user_media_combined,
    coalesce(t.called_get_user_media_video, false) AS called_get_user_media_video,
    coalesce(t.called_get_display_media, false) AS called_get_display_media,
    coalesce(t.called_get_display_media_audio, false) AS called_get_display_media_audio,
    coalesce(t.called_get_display_media_video, false) AS called_get_display_media_video,
    coalesce(t.get_user_media_success_count, 0) AS get_user_media_success_count,
    coalesce(t.get_user_media_error_count, 0) AS get_user_media_error_count,
    coalesce(t.get_display_media_success_count, 0) AS get_display_media_success_count,
    coalesce(t.get_display_media_error_count, 0) AS get_display_media_error_count,
    t.get_user_media_error AS get_user_media_error,
    coalesce(t.enumerate_devices_count, 0) AS enumerate_devices_count,
    t.web_socket_connection_time AS web_socket_connection_time,
    t.reload_count AS reload_count,
    coalesce(t.audio_ended, false) AS audio_ended,
    coalesce(t.audio_short_duration, false) AS audio_short_duration,
    coalesce(t.video_ended, false) AS video_ended,
    coalesce(t.video_short_duration, false) AS video_short_duration,
    t.cpu_performance AS cpu_performance,
    t.operating_system AS operating_system,
    t.audio_device_usb_id AS audio_device_usb_id,
    t.video_device_usb_id AS video_device_usb_id
FROM features_client AS t FINAL;

CREATE OR REPLACE VIEW rtcstats_reference.features_connection AS
SELECT
    concat(t.connection_id, '/', t.connection_identifier) AS id,
    t.connection_id AS dump_id,
    t.start_time AS start_time,
    t.duration AS duration,
    t.connection_identifier AS connection_identifier,
    t.number_of_events AS number_of_events,
    t.number_of_events_not_get_stats AS number_of_events_not_get_stats,
    t.closed AS closed,
    coalesce(t.ice_connected, false) AS ice_connected,
    coalesce(t.using_ice_lite, false) AS using_ice_lite,
    t.ice_connection_time AS ice_connection_time,
    coalesce(t.ice_restart, false) AS ice_restart,
    t.add_ice_candidate_failure AS add_ice_candidate_failure,
    t.set_local_description_failure AS set_local_description_failure,
    t.set_remote_description_failure AS set_remote_description_failure,
    t.connection_time AS connection_time,
    t.dtls_version AS dtls_version,
    t.connected AS connected,
    t.dtls_role AS dtls_role,
    t.first_candidate_pair_local_address AS first_candidate_pair_local_address,
    t.first_candidate_pair_local_network_type AS first_candidate_pair_local_network_type,
    t.first_candidate_pair_local_relay_protocol AS first_candidate_pair_local_relay_protocol,
    t.first_candidate_pair_local_protocol AS first_candidate_pair_local_protocol,
    t.first_candidate_pair_local_relay_url AS first_candidate_pair_local_relay_url,
    t.first_candidate_pair_local_type AS first_candidate_pair_local_type,
    t.first_candidate_pair_local_type_preference AS first_candidate_pair_local_type_preference,
    t.first_candidate_pair_remote_address AS first_candidate_pair_remote_address,
    t.first_candidate_pair_remote_type AS first_candidate_pair_remote_type,
    t.gathered_host_candidate AS gathered_host_candidate,
    t.gathered_mdns_candidate AS gathered_mdns_candidate,
    t.gathered_srflx_candidate AS gathered_srflx_candidate,
    t.gathered_turn_candidate AS gathered_turn_candidate,
    t.added_host_candidate AS added_host_candidate,
    t.added_mdns_candidate AS added_mdns_candidate,
    t.added_srflx_candidate AS added_srflx_candidate,
    t.added_turn_candidate AS added_turn_candidate,
    t.configured_ice_servers AS configured_ice_servers,
    t.configured_ice_transport_policy AS configured_ice_transport_policy,
    t.configured_ice_servers_stun AS configured_ice_servers_stun,
    t.configured_ice_servers_turns AS configured_ice_servers_turns,
    t.configured_ice_servers_turn_udp AS configured_ice_servers_turn_udp,
    t.configured_ice_servers_turn_tcp AS configured_ice_servers_turn_tcp,
    t.average_stun_round_trip_time AS average_stun_round_trip_time,
    t.srtp_cipher AS srtp_cipher,
    coalesce(t.ice_restart_followed_by_set_remote_description, false) AS ice_restart_followed_by_set_remote_description,
    t.signaling_delay AS signaling_delay,
    t.set_remote_description_delay AS set_remote_description_delay,
    t.set_remote_description_role AS set_remote_description_role,
    t.set_local_description_delay AS set_local_description_delay,
    t.set_local_description_role AS set_local_description_role,
    t.added_null_candidate AS added_null_candidate,
    t.rtcstats_relay_location_continent AS rtcstats_relay_location_continent,
    t.rtcstats_relay_location_country AS rtcstats_relay_location_country,
    t.rtcstats_relay_location_city AS rtcstats_relay_location_city,
    t.rtcstats_location_continent AS rtcstats_location_continent,
    t.rtcstats_location_country AS rtcstats_location_country,
    t.rtcstats_location_city AS rtcstats_location_city,
    t.rtcstats_peer_location_continent AS rtcstats_peer_location_continent,
    t.rtcstats_peer_location_country AS rtcstats_peer_location_country,
    t.rtcstats_peer_location_city AS rtcstats_peer_location_city,
    t.average_inbound_bitrate AS average_inbound_bitrate,
    t.average_outbound_bitrate AS average_outbound_bitrate,
    t.added_connectable_ice_tcp_candidate AS added_connectable_ice_tcp_candidate,
    t.number_of_negotiations AS number_of_negotiations,
    t.pending_negotiation_at_end AS pending_negotiation_at_end,
    t.clock_skew AS clock_skew,
    t.stats_truncated AS stats_truncated,
    t.gathering_time_turn_udp AS gathering_time_turn_udp,
    t.gathering_time_turn_tcp AS gathering_time_turn_tcp,
    t.gathering_time_turn_tls AS gathering_time_turn_tls,
    t.configured_bundle_policy AS configured_bundle_policy,
    t.configured_always_negotiate_data_channels AS configured_always_negotiate_data_channels
FROM features_connection AS t FINAL;

CREATE OR REPLACE VIEW rtcstats_reference.features_track AS
SELECT
    concat(t.connection_id, '/', t.connection_identifier, '/', t.track_identifier) AS id,
    concat(t.connection_id, '/', t.connection_identifier) AS connection_id,
    t.start_time AS start_time,
    t.duration AS duration,
    t.track_identifier AS track_identifier,
    t.kind AS kind,
    t.direction AS direction,
    t.codec_mime_type AS codec_mime_type,
    t.codec_sdp_fmtp_line AS codec_sdp_fmtp_line,
    t.frame_count AS frame_count,
    t.min_width AS min_width,
    t.max_width AS max_width,
    t.min_height AS min_height,
    t.max_height AS max_height,
    t.common_width AS common_width,
    t.common_height AS common_height,
    t.bandwidth_quality_limitation_percentage AS bandwidth_quality_limitation_percentage,
    t.cpu_quality_limitation_percentage AS cpu_quality_limitation_percentage,
    t.other_quality_limitation_percentage AS other_quality_limitation_percentage,
    t.quality_limitation_resolution_changes AS quality_limitation_resolution_changes,
    t.average_encode_time AS average_encode_time,
    t.average_decode_time AS average_decode_time,
    t.freeze_count AS freeze_count,
    t.total_freezes_duration AS total_freezes_duration,
    t.rid AS rid,
    t.encoding_index AS encoding_index,
    t.key_frame_count AS key_frame_count,
    t.nack_count AS nack_count,
    t.pli_count AS pli_count,
    t.fir_count AS fir_count,
    t.frames_dropped AS frames_dropped,
    t.qp_sum AS qp_sum,
    t.psnr_measurements AS psnr_measurements,
    t.psnr_sum_y AS psnr_sum_y,
    t.psnr_sum_u AS psnr_sum_u,
    t.psnr_sum_v AS psnr_sum_v,
    t.encoder_implementation AS encoder_implementation,
    t.power_efficient_encoder AS power_efficient_encoder,
    t.decoder_implementation AS decoder_implementation,
    t.power_efficient_decoder AS power_efficient_decoder,
    t.jitter_buffer_delay AS jitter_buffer_delay,
    t.jitter_buffer_minimum_delay AS jitter_buffer_minimum_delay,
    t.jitter_buffer_target_delay AS jitter_buffer_target_delay,
    t.jitter_buffer_emitted_count AS jitter_buffer_emitted_count,
    t.total_processing_delay AS total_processing_delay,
    t.frames_assembled_from_multiple_packets AS frames_assembled_from_multiple_packets,
    t.total_assembly_time AS total_assembly_time,
    t.average_jitter_buffer_delay AS average_jitter_buffer_delay,
    t.average_processing_delay AS average_processing_delay,
    t.average_assembly_time AS average_assembly_time,
    t.packets_sent_with_ect1 AS packets_sent_with_ect1,
    t.packets_received_with_ect1 AS packets_received_with_ect1,
    t.packets_received_with_ce AS packets_received_with_ce,
    t.packets_with_bleached_ect1_marking AS packets_with_bleached_ect1_marking,
    t.has_null_video_decoder AS has_null_video_decoder,
    t.concealed_samples AS concealed_samples,
    t.total_samples_received AS total_samples_received,
    t.concealment_percentage AS concealment_percentage,
    t.average_inter_frame_delay AS average_inter_frame_delay,
    t.jitter_buffer_flushes AS jitter_buffer_flushes,
    t.has_periodic_jitter_buffer_flushes AS has_periodic_jitter_buffer_flushes,
    t.inserted_samples_for_deceleration AS inserted_samples_for_deceleration,
    t.removed_samples_for_acceleration AS removed_samples_for_acceleration,
    t.deceleration_percentage AS deceleration_percentage,
    t.acceleration_percentage AS acceleration_percentage,
    t.time_to_first_frame AS time_to_first_frame
FROM features_track AS t FINAL;
