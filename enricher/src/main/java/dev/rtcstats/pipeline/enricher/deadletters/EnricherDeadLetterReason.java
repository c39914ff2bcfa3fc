package dev.rtcstats.pipeline.enricher.deadletters;

import dev.rtcstats.pipeline.common.DeadLetter;

/** Why the enricher sent a record to {@code rtcstats.dead-letters.v1}: the {@code reason} header and metric label. */
public enum EnricherDeadLetterReason implements DeadLetter.Reason {
    /** A frames-topic record without the headers or body its format requires. */
    BAD_RECORD_FORMAT("bad-record-format"),
    /** An open whose connection id cannot name a blob (empty, too long, or with unsafe characters). */
    UNUSABLE_CONNECTION_ID("unusable-connection-id"),
    /** A frame larger than the enricher's frame store accepts. */
    OVERSIZE_FRAME("oversize-frame"),
    /** A frame past the connection's storage budget (frames or bytes); the dump ends before it. */
    CONNECTION_OVER_BUDGET("connection-over-budget"),
    /** An open or frame that was already stored: a repeated or out-of-order sequence. */
    DUPLICATE_SEQUENCE("duplicate-sequence"),
    /** A frame or close for a connection that is not open here: after its close, or without an open. */
    CONNECTION_NOT_OPEN("connection-not-open"),
    /** A session, features or time-series record larger than the output topics accept. */
    DERIVED_RECORD_TOO_LARGE("derived-record-too-large"),
    /** Feature extraction of a connection threw or ran out of time; the value is the close that triggered it. */
    FEATURE_EXTRACTION_FAILED("feature-extraction-failed"),
    /** The topology threw on a record: a bug, caught by the processing exception handler. */
    PROCESSING_FAILED("processing-failed"),
    /** The producer rejected an output record, caught by the production exception handler. */
    PRODUCTION_FAILED("production-failed"),
    /** A record that could not be deserialised, caught by the deserialization exception handler. */
    DESERIALIZATION_FAILED("deserialization-failed");

    private final String token;

    EnricherDeadLetterReason(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
