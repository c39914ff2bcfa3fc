package dev.rtcstats.pipeline.common;

/** A record on a pipeline topic that does not follow the documented format. */
public final class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
