package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the gateway waits for clients and for Kafka.
 *
 * @param handshake          an HTTP connection must complete its request head (the WebSocket upgrade) within this
 *                           after it connects or after its previous request; otherwise it is cut
 * @param idle               a WebSocket without a data frame for this long is closed with 1001; keep it below the
 *                           enricher's inactivity timeout so the gateway's close, not a timeout, ends the dump
 * @param readyCheckInterval how often Kafka is probed while no send is acknowledged
 * @param readyStall         {@code /ready} turns 503 when Kafka has acknowledged nothing for this long while sends
 *                           wait, or when the last probe that succeeded is older than this
 * @param shutdownGrace      SIGTERM ends within this, whether or not Kafka answers
 */
public record Timeouts(
        Duration handshake, Duration idle, Duration readyCheckInterval, Duration readyStall, Duration shutdownGrace) {

    public static final Timeouts DEFAULTS = new Timeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(90),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(10));

    public Timeouts {
        positive("GATEWAY_HANDSHAKE_TIMEOUT", handshake);
        positive("GATEWAY_IDLE_TIMEOUT", idle);
        positive("GATEWAY_READY_CHECK_INTERVAL", readyCheckInterval);
        positive("GATEWAY_READY_STALL", readyStall);
        positive("GATEWAY_SHUTDOWN_GRACE", shutdownGrace);
        if (readyStall.compareTo(readyCheckInterval) < 0) {
            throw new ConfigException("GATEWAY_READY_STALL (" + readyStall
                    + ") must be at least GATEWAY_READY_CHECK_INTERVAL (" + readyCheckInterval + ")");
        }
        if (shutdownGrace.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("GATEWAY_SHUTDOWN_GRACE must be at least 1s, got " + shutdownGrace);
        }
    }

    private static void positive(String variable, Duration value) {
        Objects.requireNonNull(value, variable);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(variable + " must be positive, got " + value);
        }
    }

    static Timeouts fromEnv(Env env) {
        return new Timeouts(
                env.duration("GATEWAY_HANDSHAKE_TIMEOUT", DEFAULTS.handshake()),
                env.duration("GATEWAY_IDLE_TIMEOUT", DEFAULTS.idle()),
                env.duration("GATEWAY_READY_CHECK_INTERVAL", DEFAULTS.readyCheckInterval()),
                env.duration("GATEWAY_READY_STALL", DEFAULTS.readyStall()),
                env.duration("GATEWAY_SHUTDOWN_GRACE", DEFAULTS.shutdownGrace()));
    }
}
