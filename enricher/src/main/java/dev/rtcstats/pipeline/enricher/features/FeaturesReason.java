package dev.rtcstats.pipeline.enricher.features;

/**
 * Why a connection's features are not {@code ok}: the {@code featuresReason} of its session record, as a lower-case
 * token. Each names the budget or failure; the README's limits table maps them to their variables.
 */
public enum FeaturesReason {
    /** The connection sent no frames: nothing to compute. */
    NO_FRAMES("no-frames"),
    /** Frames past the connection's storage budget were dead-lettered: the dump and features miss its end. */
    CONNECTION_OVER_BUDGET("connection-over-budget"),
    /** The dump has more frames or bytes than feature extraction accepts. */
    DUMP_OVER_BUDGET("dump-over-budget"),
    /** A getStats frame had more reports than accepted and was not decoded. */
    REPORTS_PER_FRAME_OVER_BUDGET("reports-per-frame-over-budget"),
    /** More distinct stats ids than accepted; reports with further ids were dropped. */
    STATS_IDS_OVER_BUDGET("stats-ids-over-budget"),
    /** getStats decompression reached its budget of values; later polls were dropped. */
    STATS_VALUES_OVER_BUDGET("stats-values-over-budget"),
    /** The time series reached its budget of samples and stops there. */
    SERIES_SAMPLES_OVER_BUDGET("series-samples-over-budget"),
    /** Extraction ran out of its time budget. */
    CLOSE_TIME_OVER_BUDGET("close-time-over-budget"),
    /** Extraction threw; the close is in the dead letters. */
    EXTRACTION_FAILED("extraction-failed"),
    /** The feature record came out larger than the topic accepts; it is in the dead letters. */
    FEATURES_RECORD_TOO_LARGE("features-record-too-large"),
    /** A time-series record came out larger than the topic accepts; it is in the dead letters. */
    SERIES_RECORD_TOO_LARGE("series-record-too-large");

    private final String token;

    FeaturesReason(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
