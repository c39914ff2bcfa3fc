package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.ConnectionEvent;

/** Why a connection is being closed, and what that means for its session record and its dump's close line. */
sealed interface CloseReason {
    /** The WebSocket close code recorded for the connection. */
    int code();

    /** The session's end time, epoch ms. */
    long endTime(ConnectionState state);

    /** The close line's time delta: milliseconds from the last frame to the end. */
    default long sinceLastFrame(ConnectionState state) {
        return endTime(state) - state.lastFrameAt();
    }

    /** The session record's {@code closedBy}. */
    String closedBy();

    /** The gateway published the connection's close. */
    record ClientClosed(ConnectionEvent.Closed event) implements CloseReason {
        @Override
        public int code() {
            return event.code();
        }

        @Override
        public long endTime(ConnectionState state) {
            return event.timestamp();
        }

        @Override
        public String closedBy() {
            return "client";
        }

        /** Frames the gateway published that never reached the store (0 when all did). */
        long missingFrames(ConnectionState state) {
            return Math.max(0, event.frames() - state.frameCount() - state.droppedFrames());
        }
    }

    /**
     * The connection was silent for the inactivity timeout (or a replay read its input without finding the close).
     * It ends one timeout after its last frame, whenever the scan happens to run, so that replays agree with live.
     */
    record TimedOut(long timeoutMillis) implements CloseReason {
        @Override
        public int code() {
            return CloseCodes.ABNORMAL;
        }

        @Override
        public long endTime(ConnectionState state) {
            return state.lastFrameAt() + timeoutMillis;
        }

        @Override
        public String closedBy() {
            return "timeout";
        }
    }
}
