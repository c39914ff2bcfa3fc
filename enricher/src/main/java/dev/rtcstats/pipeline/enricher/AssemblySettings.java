package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * When connections end without a close from the client, and how much work one idle scan may do.
 *
 * @param inactivityTimeout       a connection without any event for this long is closed with code 1006
 * @param punctuationInterval     how often the idle scan runs (wall clock)
 * @param maxClosesPerPunctuation at most this many connections closed by one scan
 * @param maxPunctuationTime      a scan starts no new close after running this long; the rest wait for the next
 */
public record AssemblySettings(
        Duration inactivityTimeout,
        Duration punctuationInterval,
        int maxClosesPerPunctuation,
        Duration maxPunctuationTime) {
    public AssemblySettings {
        Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
        Objects.requireNonNull(punctuationInterval, "punctuationInterval");
        Objects.requireNonNull(maxPunctuationTime, "maxPunctuationTime");
        if (inactivityTimeout.toMillis() < 1000) {
            throw new ConfigException("ENRICHER_INACTIVITY_TIMEOUT must be at least 1s, got " + inactivityTimeout);
        }
        if (punctuationInterval.toMillis() < 10 || punctuationInterval.compareTo(inactivityTimeout) > 0) {
            throw new ConfigException("ENRICHER_PUNCTUATION_INTERVAL must be between 10ms and "
                    + "ENRICHER_INACTIVITY_TIMEOUT (" + inactivityTimeout + "), got " + punctuationInterval);
        }
        if (maxClosesPerPunctuation < 1) {
            throw new ConfigException(
                    "ENRICHER_MAX_CLOSES_PER_PUNCTUATION must be at least 1, got " + maxClosesPerPunctuation);
        }
        if (maxPunctuationTime.toMillis() < 10) {
            throw new ConfigException("ENRICHER_MAX_PUNCTUATION_TIME must be at least 10ms, got " + maxPunctuationTime);
        }
    }

    static AssemblySettings fromEnv(Env env) {
        return new AssemblySettings(
                env.duration("ENRICHER_INACTIVITY_TIMEOUT", Duration.ofMinutes(2)),
                env.duration("ENRICHER_PUNCTUATION_INTERVAL", Duration.ofSeconds(10)),
                env.integer("ENRICHER_MAX_CLOSES_PER_PUNCTUATION", 500, 1, 1_000_000),
                env.duration("ENRICHER_MAX_PUNCTUATION_TIME", Duration.ofSeconds(5)));
    }
}
