package dev.rtcstats.pipeline.sink;

/** The schema cannot be brought up to date; the sink must not start. */
final class MigrationException extends RuntimeException {
    MigrationException(String message) {
        super(message);
    }

    MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
