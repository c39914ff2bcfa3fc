package dev.rtcstats.pipeline.enricher.features;

/** Thrown when a dump lacks the {@code RTCStatsDump} header or a JSON-object metadata line; single frames never throw. */
public final class InvalidDumpException extends RuntimeException {
    InvalidDumpException(String message) {
        super(message);
    }
}
