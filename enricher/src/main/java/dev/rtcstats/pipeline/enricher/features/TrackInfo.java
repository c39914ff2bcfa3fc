package dev.rtcstats.pipeline.enricher.features;

import java.util.Locale;

/**
 * A track of a PeerConnection as found by {@link TrackExtractor}: kind, id, direction, the time of the event that
 * added it, and the id of the inbound-rtp/outbound-rtp stats associated with it ({@code null} if none).
 */
record TrackInfo(String kind, String id, Direction direction, long startTime, String statsId) {
    /** Whether the track is sent or received; the closed set of directions the reference knows. */
    enum Direction {
        INBOUND,
        OUTBOUND;

        String featureValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
