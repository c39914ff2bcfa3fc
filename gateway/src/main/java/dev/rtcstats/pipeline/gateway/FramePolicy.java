package dev.rtcstats.pipeline.gateway;

/**
 * What one connection may send, judged frame by frame on its IO thread: the frame count, the rate (a token bucket)
 * and the shape policy for frames that are not one JSON array ({@code GATEWAY_NON_JSON_FRAMES}).
 */
final class FramePolicy {
    /** What to do with a frame. */
    sealed interface Verdict {
        /** Publish it; {@code malformed} frames carry a header that marks them. */
        record Publish(boolean malformed) implements Verdict {}

        /** Leave it out and dead-letter it; the connection goes on. */
        record Drop(RejectReason reason, GatewayDeadLetterReason deadLetter) implements Verdict {}

        /** Dead-letter it and close the connection with 1008 and {@code text}. */
        record Close(RejectReason reason, GatewayDeadLetterReason deadLetter, String text) implements Verdict {}
    }

    private static final Verdict PUBLISH = new Verdict.Publish(false);
    private static final Verdict PUBLISH_MARKED = new Verdict.Publish(true);
    private static final Verdict TOO_MANY = new Verdict.Close(
            RejectReason.FRAMES_PER_CONNECTION,
            GatewayDeadLetterReason.TOO_MANY_FRAMES,
            "too many frames for one connection");
    private static final Verdict TOO_FAST =
            new Verdict.Close(RejectReason.FRAME_RATE, GatewayDeadLetterReason.FRAME_RATE, "frame rate limit exceeded");
    private static final Verdict DROP_NOT_ARRAY =
            new Verdict.Drop(RejectReason.NOT_JSON_ARRAY, GatewayDeadLetterReason.NOT_JSON_ARRAY);
    private static final Verdict CLOSE_NOT_ARRAY = new Verdict.Close(
            RejectReason.NOT_JSON_ARRAY, GatewayDeadLetterReason.NOT_JSON_ARRAY, "frame is not a JSON array");

    private final Limits limits;
    private final FrameRateLimiter rateLimiter;
    private final GatewayMetrics metrics;

    FramePolicy(Limits limits, GatewayMetrics metrics, long nowNanos) {
        this.limits = limits;
        this.metrics = metrics;
        this.rateLimiter = new FrameRateLimiter(limits.maxFramesPerSecond(), limits.frameBurst(), nowNanos);
    }

    /** Judges the next frame, after {@code published} frames, received at {@code nowNanos}. */
    Verdict judge(byte[] payload, long published, long nowNanos) {
        if (published >= limits.maxFramesPerConnection()) {
            return TOO_MANY;
        }
        if (!rateLimiter.tryAcquire(nowNanos)) {
            return TOO_FAST;
        }
        if (FrameCheck.isJsonArray(payload)) {
            return PUBLISH;
        }
        metrics.frameMalformed();
        return switch (limits.nonJsonFrames()) {
            case TAG -> PUBLISH_MARKED;
            case DROP -> DROP_NOT_ARRAY;
            case REJECT -> CLOSE_NOT_ARRAY;
        };
    }
}
