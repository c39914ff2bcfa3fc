package dev.rtcstats.pipeline.sink;

import java.time.Duration;

/** Exponential back-off between retries of an external write, bounded so a recovered store is noticed soon. */
record Backoff(Duration initial, Duration max) {
    Duration delay(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 20);
        Duration delay = initial.multipliedBy(1L << shift);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
