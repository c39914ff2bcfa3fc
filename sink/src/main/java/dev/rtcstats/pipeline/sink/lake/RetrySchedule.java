package dev.rtcstats.pipeline.sink.lake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * Consecutive failures of a store and when to try it again; a consumer loop polls no longer than that, so that it
 * keeps its partitions while it waits. Used by the lake and by the sink's consumer loops.
 */
public final class RetrySchedule {
    private final IntFunction<Duration> delay;
    private final Clock clock;
    private final Duration idlePoll;
    private int failures;
    private Instant retryAt = Instant.MIN;

    public RetrySchedule(IntFunction<Duration> delay, Clock clock, Duration idlePoll) {
        this.delay = delay;
        this.clock = clock;
        this.idlePoll = idlePoll;
    }

    /** Counts a failure and returns how long until the next attempt. */
    public Duration failed() {
        failures++;
        Duration wait = delay.apply(failures);
        retryAt = clock.instant().plus(wait);
        return wait;
    }

    /** Forgets the failures; true if there were any, that is, consumption was paused. */
    public boolean recovered() {
        boolean had = failures > 0;
        failures = 0;
        return had;
    }

    public boolean isFailing() {
        return failures > 0;
    }

    public int failures() {
        return failures;
    }

    public boolean isWaiting() {
        return clock.instant().isBefore(retryAt);
    }

    public Duration pollTimeout() {
        if (failures == 0) {
            return idlePoll;
        }
        Duration untilRetry = Duration.between(clock.instant(), retryAt);
        return untilRetry.isNegative() ? Duration.ZERO : untilRetry.compareTo(idlePoll) > 0 ? idlePoll : untilRetry;
    }
}
