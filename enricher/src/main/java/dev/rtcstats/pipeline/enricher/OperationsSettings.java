package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * The operators' side: the HTTP port, when {@code /ready} turns red, and how long a shutdown may take.
 *
 * @param httpPort      port of {@code /healthcheck}, {@code /ready} and {@code /metrics} ({@code ENRICHER_HTTP_PORT})
 * @param stallAfter    {@code /ready} is red while a stream thread has input waiting and has not committed for this
 *                      long ({@code ENRICHER_READY_STALL_AFTER})
 * @param shutdownGrace SIGTERM returns within this, committing what it can ({@code ENRICHER_SHUTDOWN_GRACE})
 */
public record OperationsSettings(int httpPort, Duration stallAfter, Duration shutdownGrace) {
    public OperationsSettings {
        Objects.requireNonNull(stallAfter, "stallAfter");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (stallAfter.toMillis() < 1000) {
            throw new ConfigException("ENRICHER_READY_STALL_AFTER must be at least 1s, got " + stallAfter);
        }
        if (shutdownGrace.toMillis() < 1000) {
            throw new ConfigException("ENRICHER_SHUTDOWN_GRACE must be at least 1s, got " + shutdownGrace);
        }
    }

    static OperationsSettings fromEnv(Env env) {
        return new OperationsSettings(
                env.integer("ENRICHER_HTTP_PORT", 8081, 0, 65535),
                env.duration("ENRICHER_READY_STALL_AFTER", Duration.ofSeconds(20)),
                env.duration("ENRICHER_SHUTDOWN_GRACE", Duration.ofSeconds(10)));
    }
}
