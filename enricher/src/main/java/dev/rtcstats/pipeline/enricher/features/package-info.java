/**
 * Java port of the rtcstats-features set: {@link dev.rtcstats.pipeline.enricher.features.RtcStatsDump} decodes a
 * stored dump (method ids, time deltas, getStats and SDP compression) and
 * {@link dev.rtcstats.pipeline.enricher.features.FeatureExtractor} computes metadata, client, connection and track
 * features named as in the reference and listed in {@link dev.rtcstats.pipeline.enricher.features.FeatureCatalog}.
 * Tracks come from addTrack, addTransceiver, replaceTrack, ontrack and the {@code transceiverAdded}/
 * {@code transceiverModified} events of Chrome's own webrtc-internals dumps in the RTCStatsDump format.
 *
 * <p>Extraction runs within an {@link dev.rtcstats.pipeline.enricher.features.ExtractionBudget}: getStats frames
 * over its report, id or value limits are not decoded, the time series stops at its sample limit, its deadline is
 * checked between lines, PeerConnections and tracks, and frames nested deeper than 64 levels are skipped. getStats
 * decompression shares the reports a delta leaves unchanged with the previous poll
 * ({@link dev.rtcstats.pipeline.enricher.features.CarriedReport}), and track association uses hash indexes, so a
 * trace costs time and memory linear in its size.
 *
 * <p>The reference's own test cases and its extractor's output on a stored call are the test vectors
 * (src/test/resources/reference). Not implemented: webrtc-internals JSON exports, the reader's {@code eventSizes},
 * gzip detection (callers pass decompressed lines). Deliberate differences (also in the README): a frame that is not
 * valid JSON is skipped instead of failing the dump; an event the reference would throw on (a transceiver without its
 * sender or receiver) is skipped; ratios that would be NaN are absent; only the known client {@code create} fields
 * are emitted; {@code deviceMemory} is a float; event timestamps are whole milliseconds (fractional deltas are
 * summed, then floored); {@code numberPeerconnections} counts the PeerConnection ids even when the client trace is
 * empty; a getStats delta entry that is neither a report object nor null is dropped.
 */
package dev.rtcstats.pipeline.enricher.features;
