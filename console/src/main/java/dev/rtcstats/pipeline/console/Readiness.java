package dev.rtcstats.pipeline.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Whether ClickHouse answers, asked at most once per {@code interval} however often probes and scrapes come. */
final class Readiness implements BooleanSupplier {
    private final BooleanSupplier probe;
    private final Duration interval;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    private boolean ready;

    Readiness(BooleanSupplier probe, Duration interval, Clock clock) {
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        Instant now = clock.instant();
        if (checkedAt.plus(interval).isBefore(now) || checkedAt.equals(Instant.MIN)) {
            ready = probe.getAsBoolean();
            checkedAt = now;
        }
        return ready;
    }
}
