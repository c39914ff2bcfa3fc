package dev.rtcstats.pipeline.enricher;

/** Where a frame's sequence number stands against the last one stored for its connection. */
enum FrameOrder {
    /** The next one: stored. */
    NEXT,
    /** Later than the next: stored, and the gap is counted and logged. */
    AFTER_GAP,
    /** Not later than the last stored: a repeat from a retry or replay, or out of order; not stored. */
    DUPLICATE;

    static FrameOrder of(long lastSequence, long sequence) {
        if (sequence <= lastSequence) {
            return DUPLICATE;
        }
        return sequence == lastSequence + 1 ? NEXT : AFTER_GAP;
    }
}
