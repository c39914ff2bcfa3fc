package dev.rtcstats.pipeline.enricher.features;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The budget of one connection's feature extraction while it runs: the {@link ExtractionLimits}, a deadline, and the
 * first budget that cut the input short. Not thread-safe; one per close.
 */
public final class ExtractionBudget {
    private final ExtractionLimits limits;
    private final LongSupplier nanoClock;
    private final long deadline;
    private FeaturesReason firstCut;
    private long statsIds;
    private long statsValues;
    private boolean statsExhausted;

    /**
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} in production
     */
    public ExtractionBudget(ExtractionLimits limits, Duration maxTime, LongSupplier nanoClock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.deadline = nanoClock.getAsLong() + maxTime.toNanos();
    }

    /** No limits and a deadline a day away: for tools and tests that read trusted dumps. */
    public static ExtractionBudget unlimited() {
        return new ExtractionBudget(ExtractionLimits.NONE, Duration.ofDays(1), System::nanoTime);
    }

    public ExtractionLimits limits() {
        return limits;
    }

    /** Throws {@link OutOfTime} once the deadline has passed; called between bounded steps of the extraction. */
    public void checkTime() {
        if (nanoClock.getAsLong() - deadline > 0) {
            cut(FeaturesReason.CLOSE_TIME_OVER_BUDGET);
            throw new OutOfTime();
        }
    }

    /** Records that a budget cut the input or output short; the first one is the connection's reason. */
    public void cut(FeaturesReason reason) {
        if (firstCut == null) {
            firstCut = reason;
        }
    }

    /** The first budget that cut something, if any. */
    public Optional<FeaturesReason> firstCut() {
        return Optional.ofNullable(firstCut);
    }

    /** Whether a getStats frame of this many reports may be decoded. */
    boolean admitsReports(int reports) {
        if (reports > limits.maxReportsPerFrame()) {
            cut(FeaturesReason.REPORTS_PER_FRAME_OVER_BUDGET);
            return false;
        }
        return true;
    }

    /** Whether one more distinct stats id may be kept. */
    boolean admitsNewStatsId() {
        if (statsIds >= limits.maxStatsIds()) {
            cut(FeaturesReason.STATS_IDS_OVER_BUDGET);
            return false;
        }
        statsIds++;
        return true;
    }

    /** Spends {@code values} of the decompression budget; once refused, every later poll is refused too. */
    boolean spendStatsValues(long values) {
        if (statsExhausted || values > limits.maxStatsValues() - statsValues) {
            statsExhausted = true;
            cut(FeaturesReason.STATS_VALUES_OVER_BUDGET);
            return false;
        }
        statsValues += values;
        return true;
    }

    /** The extraction's deadline passed; what was computed before it is discarded. */
    public static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("feature extraction ran out of its time budget", null, false, false);
        }
    }
}
