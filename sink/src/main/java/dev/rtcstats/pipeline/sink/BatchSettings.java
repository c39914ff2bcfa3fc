package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.time.Duration;

/**
 * When the row loops insert, and how they wait for a store that is down.
 *
 * @param rows             insert once the batch has this many rows
 * @param bytes            ... or holds this many bytes (encoded rows plus the input records kept for dead letters)
 * @param interval         ... or its oldest record is this old (the time series loop)
 * @param sessionsInterval the same age for the sessions loop (session and feature rows, one set per connection),
 *                         which decides how soon a closed connection can be looked up
 */
record BatchSettings(
        int rows, long bytes, Duration interval, Duration sessionsInterval, Duration retryInitial, Duration retryMax) {
    BatchSettings {
        if (rows < 1 || bytes < 1024) {
            throw new ConfigException("SINK_BATCH_ROWS must be positive and SINK_BATCH_BYTES at least 1024");
        }
        positive("SINK_BATCH_INTERVAL", interval);
        positive("SINK_SESSIONS_BATCH_INTERVAL", sessionsInterval);
        positive("SINK_RETRY_INITIAL", retryInitial);
        positive("SINK_RETRY_MAX", retryMax);
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new ConfigException("SINK_RETRY_MAX must not be shorter than SINK_RETRY_INITIAL");
        }
    }

    static BatchSettings fromEnv(Env env) {
        return new BatchSettings(
                env.integer("SINK_BATCH_ROWS", 100_000, 1, 10_000_000),
                env.longValue("SINK_BATCH_BYTES", 64L * 1024 * 1024, 1024, 1L << 31),
                env.duration("SINK_BATCH_INTERVAL", Duration.ofSeconds(2)),
                env.duration("SINK_SESSIONS_BATCH_INTERVAL", Duration.ofMillis(200)),
                env.duration("SINK_RETRY_INITIAL", Duration.ofMillis(200)),
                env.duration("SINK_RETRY_MAX", Duration.ofSeconds(30)));
    }

    /** These settings with the sessions loop's interval. */
    BatchSettings forSessions() {
        return new BatchSettings(rows, bytes, sessionsInterval, sessionsInterval, retryInitial, retryMax);
    }

    Backoff backoff() {
        return new Backoff(retryInitial, retryMax);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new ConfigException(name + " must be longer than zero");
        }
    }
}
