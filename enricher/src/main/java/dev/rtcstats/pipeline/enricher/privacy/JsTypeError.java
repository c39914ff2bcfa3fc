package dev.rtcstats.pipeline.enricher.privacy;

/**
 * Marks a place where the reference's JavaScript throws (a property of {@code undefined}, a string method on a
 * number). The reference then stores the line as it was, so callers catch this and keep the line.
 */
final class JsTypeError extends RuntimeException {
    JsTypeError(String message) {
        super(message, null, false, false);
    }
}
