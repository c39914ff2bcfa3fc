package dev.rtcstats.pipeline.enricher.features;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which getStats values become time series samples, for operators who pay for every row: {@code keep} and
 * {@code drop} are lists of {@code type.metric} patterns where {@code *} matches anything (for example
 * {@code inbound-rtp.*}, {@code *.jitter}, {@code outbound-rtp.qualityLimitationDurations.*}); a value is kept
 * when a keep pattern matches and no drop pattern does. {@code interval} keeps at most one sample per series and
 * interval (zero: every poll).
 */
public record StatsSelection(List<String> keep, List<String> drop, Duration interval) {
    /**
     * What the example queries (sink/docs/stats_timeseries.sql) and a conference view need: bitrate in and out,
     * round-trip time, packet loss, jitter, frame rate and size, and quality limitation (its durations per reason).
     */
    public static final List<String> DEFAULT_KEEP = List.of(
            "inbound-rtp.bytesReceived",
            "inbound-rtp.packetsReceived",
            "inbound-rtp.packetsLost",
            "inbound-rtp.jitter",
            "inbound-rtp.framesPerSecond",
            "inbound-rtp.frameWidth",
            "inbound-rtp.frameHeight",
            "inbound-rtp.freezeCount",
            "inbound-rtp.concealedSamples",
            "inbound-rtp.totalSamplesReceived",
            "outbound-rtp.bytesSent",
            "outbound-rtp.packetsSent",
            "outbound-rtp.framesPerSecond",
            "outbound-rtp.frameWidth",
            "outbound-rtp.frameHeight",
            "outbound-rtp.targetBitrate",
            "outbound-rtp.qualityLimitationDurations.*",
            "outbound-rtp.qualityLimitationResolutionChanges",
            "remote-inbound-rtp.roundTripTime",
            "remote-inbound-rtp.packetsLost",
            "remote-inbound-rtp.fractionLost",
            "remote-inbound-rtp.jitter",
            "candidate-pair.currentRoundTripTime",
            "candidate-pair.availableOutgoingBitrate",
            "candidate-pair.availableIncomingBitrate");

    /** Every numeric value at every poll. */
    public static final StatsSelection ALL = new StatsSelection(List.of("*"), List.of(), Duration.ZERO);

    /** Distinct {@code type.metric} answers remembered; a hostile dump with more names is still answered. */
    private static final int MAX_CACHED = 10_000;

    private static final Map<StatsSelection, Map<String, Boolean>> CACHES = new ConcurrentHashMap<>();

    public StatsSelection {
        keep = List.copyOf(keep);
        drop = List.copyOf(drop);
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new ConfigException("ENRICHER_STATS_INTERVAL must not be negative");
        }
    }

    /** {@code ENRICHER_STATS_KEEP} (default {@link #DEFAULT_KEEP}), {@code _DROP}, {@code _INTERVAL} (default 0). */
    public static StatsSelection fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        return new StatsSelection(
                patterns(env.string("ENRICHER_STATS_KEEP", String.join(",", DEFAULT_KEEP))),
                patterns(env.string("ENRICHER_STATS_DROP", "")),
                env.duration("ENRICHER_STATS_INTERVAL", Duration.ZERO));
    }

    /** Whether samples of {@code metric} of reports of {@code type} are kept. */
    public boolean keeps(String type, String metric) {
        return filter().keeps(type, metric);
    }

    /**
     * This selection's answers with their cache looked up once, for a caller that asks about every value of every
     * poll: finding the cache hashes this record's pattern lists, which per value cost more than the answer.
     */
    public Filter filter() {
        return new Filter(this, CACHES.computeIfAbsent(this, selection -> new ConcurrentHashMap<>()));
    }

    /** {@link #keeps} of one selection, with its cache at hand. */
    public static final class Filter {
        private final StatsSelection selection;
        private final Map<String, Boolean> cache;

        private Filter(StatsSelection selection, Map<String, Boolean> cache) {
            this.selection = selection;
            this.cache = cache;
        }

        /** Whether samples of {@code metric} of reports of {@code type} are kept. */
        public boolean keeps(String type, String metric) {
            String name = type + "." + metric;
            Boolean cached = cache.get(name);
            if (cached != null) {
                return cached;
            }
            boolean kept = matches(selection.keep, name) && !matches(selection.drop, name);
            if (cache.size() < MAX_CACHED) {
                cache.put(name, kept);
            }
            return kept;
        }
    }

    private static boolean matches(List<String> patterns, String name) {
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(name)) {
                return true;
            }
            if (pattern.indexOf('*') >= 0 && glob(pattern).matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1))
                .map(Pattern::quote)
                .reduce((a, b) -> a + ".*" + b)
                .orElse(""));
    }

    private static List<String> patterns(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(pattern -> !pattern.isEmpty())
                .toList();
    }
}
