package dev.rtcstats.pipeline.sink.lake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/** Consecutive failures of the lake store and when to try again; the poll waits no longer than that. */
final class RetrySchedule {
    private final IntFunction<Duration> delay;
    private final Clock clock;
    private final Duration idlePoll;
    private int failures;
    private Instant retryAt = Instant.MIN;

    RetrySchedule(IntFunction<Duration> delay, Clock clock, Duration idlePoll) {
        this.delay = delay;
        this.clock = clock;
        this.idlePoll = idlePoll;
    }

    /** Counts a failure and returns how long until the next attempt. */
    Duration failed() {
        failures++;
        Duration wait = delay.apply(failures);
        retryAt = clock.instant().plus(wait);
        return wait;
    }

    /** Forgets the failures; true if there were any, that is, consumption was paused. */
    boolean recovered() {
        boolean had = failures > 0;
        failures = 0;
        return had;
    }

    boolean isFailing() {
        return failures > 0;
    }

    int failures() {
        return failures;
    }

    boolean isWaiting() {
        return clock.instant().isBefore(retryAt);
    }

    Duration pollTimeout() {
        if (failures == 0) {
            return idlePoll;
        }
        Duration untilRetry = Duration.between(clock.instant(), retryAt);
        return untilRetry.isNegative() ? Duration.ZERO : untilRetry.compareTo(idlePoll) > 0 ? idlePoll : untilRetry;
    }
}
