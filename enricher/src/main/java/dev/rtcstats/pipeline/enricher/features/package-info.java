/**
 * Java port of the rtcstats-features set: {@link dev.rtcstats.pipeline.enricher.features.RtcStatsDump} decodes a
 * stored dump (method ids, time deltas, getStats and SDP compression) and
 * {@link dev.rtcstats.pipeline.enricher.features.FeatureExtractor} computes metadata, client, connection and track
 * features named as in the reference and listed in {@link dev.rtcstats.pipeline.enricher.features.FeatureCatalog}.
 *
 * <p>Not implemented: tracks announced only by chrome://webrtc-internals events ({@code transceiverAdded},
 * {@code transceiverModified}) and webrtc-internals dumps in general; the reader's {@code eventSizes}; gzip
 * detection (callers pass decompressed lines). Deliberate differences: a frame that is not valid JSON is skipped
 * instead of failing the dump; ratios that would be NaN are absent; only the known client {@code create} fields are
 * emitted; {@code deviceMemory} is a float; event timestamps are whole milliseconds (fractional deltas are summed,
 * then floored); {@code numberPeerconnections} counts the PeerConnection ids even when the client trace is empty.
 * Metadata features have no ClickHouse table here (infra/clickhouse/002_features.sql covers client, connection
 * and track).
 */
package dev.rtcstats.pipeline.enricher.features;
