package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The process around the loops.
 *
 * @param spoolBase     parent of this instance's spool directory ({@link SpoolDirectory})
 * @param readyMaxAge   {@code /ready} turns red when a record has waited this long without being committed
 * @param shutdownGrace how long a SIGTERM may take: final writes and commits get what is left of it
 */
record RuntimeSettings(int httpPort, Path spoolBase, Duration readyMaxAge, Duration shutdownGrace) {
    RuntimeSettings {
        Objects.requireNonNull(spoolBase, "spoolBase");
        if (readyMaxAge.isNegative() || readyMaxAge.isZero() || shutdownGrace.isNegative()) {
            throw new ConfigException("SINK_READY_MAX_AGE must be positive and SINK_SHUTDOWN_GRACE not negative");
        }
    }

    static RuntimeSettings fromEnv(Env env) {
        return new RuntimeSettings(
                env.integer("SINK_HTTP_PORT", 8082, 0, 65_535),
                Path.of(env.string("SINK_SPOOL_DIR", System.getProperty("java.io.tmpdir") + "/rtcstats-sink")),
                env.duration("SINK_READY_MAX_AGE", Duration.ofSeconds(20)),
                env.duration("SINK_SHUTDOWN_GRACE", Duration.ofSeconds(10)));
    }
}
