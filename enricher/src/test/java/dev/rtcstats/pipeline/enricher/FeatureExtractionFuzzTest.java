package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import dev.rtcstats.pipeline.enricher.features.ExtractionLimits;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feeds seeded random and adversarial dumps ({@link RandomDumps}) through the real feature extraction, as the
 * assembler runs it for a closing connection. Nothing may escape but the budget's own {@code OutOfTime}; work is
 * bounded by the budget's deadline, read from a clock that advances on every check, so the bound does not depend on
 * the machine's speed; and the bytes allocated per connection stay under a bound set by the budgets.
 */
class FeatureExtractionFuzzTest {
    private static final int DUMPS = 400;
    private static final ExtractionLimits LIMITS = new ExtractionLimits(200, 500, 50_000, 20_000);
    /** Every budget check is one tick of the fake clock: the extraction may make at most this many. */
    private static final long MAX_CHECKS = 5_000;

    private static final long MAX_ALLOCATED_BYTES = 256L * 1024 * 1024;
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);

    private final FeatureExtraction extraction = new DumpFeatureExtraction();
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldNeverThrowNorOutgrowItsBudgetsWhateverTheFrames() {
        int completed = 0;
        int outOfTime = 0;
        long samples = 0;
        long connections = 0;
        long tracks = 0;
        for (long seed = 1; seed <= DUMPS; seed++) {
            // Given
            List<String> lines = new ArrayList<>(new RandomDumps(seed).lines(600));
            lines.add("[\"close\",null,1000,5]");
            long[] clock = {0};
            ExtractionBudget budget = new ExtractionBudget(LIMITS, Duration.ofNanos(MAX_CHECKS), () -> clock[0]++);
            List<StatsSeries> series = new ArrayList<>();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

            // When
            FeatureRecord record;
            try {
                record = extraction.extract(session(seed), metadata(seed), lines, budget, series::add);
            } catch (ExtractionBudget.OutOfTime e) {
                outOfTime++;
                continue;
            }

            // Then
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            assertThat(allocated).as("bytes allocated for seed %d", seed).isLessThan(MAX_ALLOCATED_BYTES);
            assertThat(clock[0]).as("budget checks for seed %d", seed).isLessThanOrEqualTo(MAX_CHECKS + 2);
            assertThat(series.stream().mapToLong(s -> s.samples().size()).sum())
                    .as("samples of seed %d", seed)
                    .isLessThanOrEqualTo(LIMITS.maxSeriesSamples());
            assertThat(FEATURES.fromBytes(FEATURES.toBytes(record)).connectionId())
                    .isEqualTo("fuzz-" + seed);
            completed++;
            samples += series.stream().mapToLong(s -> s.samples().size()).sum();
            connections += record.connections().size();
            tracks += record.tracks().size();
        }
        assertThat(completed).as("dumps whose features completed").isGreaterThan(DUMPS * 9 / 10);
        assertThat(completed + outOfTime).isEqualTo(DUMPS);
        assertThat(samples).as("the dumps reach the time series").isGreaterThan(DUMPS);
        assertThat(connections).as("the dumps reach the connection features").isGreaterThan(DUMPS);
        assertThat(tracks).as("the dumps reach the track features").isPositive();
    }

    private static String metadata(long seed) {
        return seed % 17 == 0
                ? "{\"locations\":[{\"continent\":{\"names\":7}}],\"startTime\":\"never\"}"
                : "{\"url\":\"/\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\",\"startTime\":"
                        + (1_700_000_000_000L + seed) + ",\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}";
    }

    private static SessionRecord session(long seed) {
        return new SessionRecord(
                SessionRecord.FORMAT,
                "fuzz-" + seed,
                "u",
                "c",
                "s",
                null,
                "gw",
                1_700_000_000_000L,
                1_700_000_100_000L,
                1,
                1000,
                "client",
                null,
                null,
                null,
                0,
                null,
                1);
    }
}
