package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.enricher.features.ExtractionLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * What one connection may cost the enricher. Past a storage budget its further frames go to the dead letters and its
 * dump ends early; past a features budget its features and time series are skipped or truncated. The session record
 * says which ({@code featuresStatus}, {@code featuresReason}); the dump is written either way.
 *
 * @param maxConnectionFrames frames stored per connection ({@code ENRICHER_MAX_CONNECTION_FRAMES})
 * @param maxConnectionBytes  frame bytes stored per connection ({@code ENRICHER_MAX_CONNECTION_BYTES})
 * @param featuresMaxFrames   connections with more frames get no features ({@code ENRICHER_FEATURES_MAX_FRAMES})
 * @param featuresMaxBytes    connections whose dump is larger get no features ({@code ENRICHER_FEATURES_MAX_DUMP_BYTES})
 * @param extraction          the budgets inside feature extraction: reports per frame, stats ids and values, samples
 * @param maxCloseTime        feature extraction of one connection stops after this long ({@code ENRICHER_MAX_CLOSE_TIME})
 * @param maxRecordBytes      no derived record is larger ({@code ENRICHER_MAX_RECORD_BYTES}); it must fit the output
 *                            topics' {@code max.message.bytes}
 */
public record ConnectionBudgets(
        long maxConnectionFrames,
        long maxConnectionBytes,
        long featuresMaxFrames,
        long featuresMaxBytes,
        ExtractionLimits extraction,
        Duration maxCloseTime,
        int maxRecordBytes) {
    /** Derived records are never allowed above this, whatever the configuration: the topics' limit is 1 MiB. */
    static final int RECORD_BYTES_CEILING = 1_048_576 - 16 * 1024;

    public ConnectionBudgets {
        Objects.requireNonNull(extraction, "extraction");
        Objects.requireNonNull(maxCloseTime, "maxCloseTime");
        if (maxConnectionFrames < 1 || maxConnectionBytes < 1) {
            throw new ConfigException("ENRICHER_MAX_CONNECTION_FRAMES and ENRICHER_MAX_CONNECTION_BYTES must be"
                    + " positive, got " + maxConnectionFrames + " and " + maxConnectionBytes);
        }
        if (maxCloseTime.toMillis() < 10) {
            throw new ConfigException("ENRICHER_MAX_CLOSE_TIME must be at least 10ms, got " + maxCloseTime);
        }
        if (maxRecordBytes < 64 * 1024 || maxRecordBytes > RECORD_BYTES_CEILING) {
            throw new ConfigException("ENRICHER_MAX_RECORD_BYTES must be between 65536 and " + RECORD_BYTES_CEILING
                    + ", got " + maxRecordBytes);
        }
    }

    static ConnectionBudgets fromEnv(Env env) {
        return new ConnectionBudgets(
                env.longValue("ENRICHER_MAX_CONNECTION_FRAMES", 1_000_000, 1, Long.MAX_VALUE),
                env.longValue("ENRICHER_MAX_CONNECTION_BYTES", 256L * 1024 * 1024, 1, Long.MAX_VALUE),
                env.longValue("ENRICHER_FEATURES_MAX_FRAMES", 250_000, 0, Integer.MAX_VALUE),
                env.longValue("ENRICHER_FEATURES_MAX_DUMP_BYTES", 32L * 1024 * 1024, 0, Integer.MAX_VALUE),
                new ExtractionLimits(
                        env.integer("ENRICHER_FEATURES_MAX_REPORTS_PER_FRAME", 1_000, 1, 1_000_000),
                        env.integer("ENRICHER_FEATURES_MAX_STATS_IDS", 5_000, 1, 10_000_000),
                        env.longValue("ENRICHER_FEATURES_MAX_STATS_VALUES", 2_000_000, 1, Long.MAX_VALUE),
                        env.longValue("ENRICHER_TIMESERIES_MAX_SAMPLES", 2_000_000, 0, Long.MAX_VALUE)),
                env.duration("ENRICHER_MAX_CLOSE_TIME", Duration.ofSeconds(5)),
                env.integer("ENRICHER_MAX_RECORD_BYTES", 1_000_000, 0, Integer.MAX_VALUE));
    }

    /** The same budgets with derived records capped at {@code bytes}, as the output topics allow. */
    ConnectionBudgets withMaxRecordBytes(int bytes) {
        return new ConnectionBudgets(
                maxConnectionFrames,
                maxConnectionBytes,
                featuresMaxFrames,
                featuresMaxBytes,
                extraction,
                maxCloseTime,
                bytes);
    }

    /** Whether a connection of this size gets features at all. */
    boolean admitsFeatures(long frames, long dumpBytes) {
        return frames <= featuresMaxFrames && dumpBytes <= featuresMaxBytes;
    }
}
