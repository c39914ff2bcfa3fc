package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Tags;
import java.util.Objects;

/**
 * What the assembler remembers about one open connection, besides its frames.
 *
 * @param metadataJson  the dump's metadata line, from the open event
 * @param tags          the connection's tags
 * @param startTime     server time of the open, epoch ms
 * @param lastSequence  highest frame sequence stored (0 before the first frame)
 * @param frameCount    frames stored
 * @param frameBytes    bytes of the stored frames
 * @param lastFrameAt   server time of the last frame, or of the open when there is none
 * @param lastSeenAt    enricher wall-clock time of the last event, drives the inactivity timeout
 * @param indexedAt     the wall-clock time under which the connection sits in the idle index
 * @param droppedFrames frames not stored because the connection was over its storage budget
 */
record ConnectionState(
        String metadataJson,
        Tags tags,
        long startTime,
        long lastSequence,
        long frameCount,
        long frameBytes,
        long lastFrameAt,
        long lastSeenAt,
        long indexedAt,
        long droppedFrames) {
    ConnectionState {
        Objects.requireNonNull(metadataJson, "metadataJson");
        tags = tags == null ? Tags.NONE : tags;
    }

    static ConnectionState opened(String metadataJson, Tags tags, long startTime, long now) {
        return new ConnectionState(metadataJson, tags, startTime, 0, 0, 0, startTime, now, now, 0);
    }

    ConnectionState withFrame(long sequence, int bytes, long serverTime, long now) {
        return new ConnectionState(
                metadataJson,
                tags,
                startTime,
                sequence,
                frameCount + 1,
                frameBytes + bytes,
                serverTime,
                now,
                indexedAt,
                droppedFrames);
    }

    /** A frame past the budget: its sequence is consumed, so that a repeat of it is still a duplicate. */
    ConnectionState withDroppedFrame(long sequence, long now) {
        return new ConnectionState(
                metadataJson,
                tags,
                startTime,
                Math.max(sequence, lastSequence),
                frameCount,
                frameBytes,
                lastFrameAt,
                now,
                indexedAt,
                droppedFrames + 1);
    }

    ConnectionState seenAt(long now) {
        return new ConnectionState(
                metadataJson,
                tags,
                startTime,
                lastSequence,
                frameCount,
                frameBytes,
                lastFrameAt,
                now,
                indexedAt,
                droppedFrames);
    }

    ConnectionState indexedAt(long time) {
        return new ConnectionState(
                metadataJson,
                tags,
                startTime,
                lastSequence,
                frameCount,
                frameBytes,
                lastFrameAt,
                lastSeenAt,
                time,
                droppedFrames);
    }
}
