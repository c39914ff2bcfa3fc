package dev.rtcstats.pipeline.enricher.features;

/**
 * The budgets inside the feature extraction of one connection, so that no getStats trace can make it use unbounded
 * memory: each is checked before the work it guards is done.
 *
 * @param maxReportsPerFrame a getStats frame with more reports is not decoded
 * @param maxStatsIds        stats ids per connection (over all its PeerConnections); reports with further ids are
 *                           dropped
 * @param maxStatsValues     values materialised by getStats decompression per connection; later polls are dropped
 * @param maxSeriesSamples   time-series samples per connection; the series stops there
 */
public record ExtractionLimits(int maxReportsPerFrame, int maxStatsIds, long maxStatsValues, long maxSeriesSamples) {
    /** No practical limit: for tools and tests that read trusted dumps. */
    public static final ExtractionLimits NONE =
            new ExtractionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    public ExtractionLimits {
        if (maxReportsPerFrame < 1 || maxStatsIds < 1 || maxStatsValues < 1 || maxSeriesSamples < 0) {
            throw new IllegalArgumentException("extraction limits must be positive: " + maxReportsPerFrame + ", "
                    + maxStatsIds + ", " + maxStatsValues + ", " + maxSeriesSamples);
        }
    }
}
