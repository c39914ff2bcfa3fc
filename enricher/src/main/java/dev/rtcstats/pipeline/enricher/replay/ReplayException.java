package dev.rtcstats.pipeline.enricher.replay;

/** A replay stopped before it finished; running the same command again resumes it. */
public final class ReplayException extends Exception {
    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
