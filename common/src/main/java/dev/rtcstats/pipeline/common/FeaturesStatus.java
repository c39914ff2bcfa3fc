package dev.rtcstats.pipeline.common;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What became of a connection's features and getStats time series, as its {@link SessionRecord} reports it. The
 * dump is written in every case; {@link SessionRecord#featuresReason()} names the budget or failure.
 */
public enum FeaturesStatus {
    /** Features and time series computed from the whole dump. */
    OK("ok"),
    /** Computed from part of the dump: a budget cut the input or the time series short. */
    TRUNCATED("truncated"),
    /** Not computed: the connection sent no frames, or it was over a budget before extraction started. */
    SKIPPED("skipped"),
    /** Extraction failed or its record could not be published; the failure is in the dead letters. */
    FAILED("failed");

    private final String token;

    FeaturesStatus(String token) {
        this.token = token;
    }

    /** The lower-case name on the wire and in ClickHouse. */
    @JsonValue
    public String token() {
        return token;
    }
}
