package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import dev.rtcstats.pipeline.enricher.features.ExtractionLimits;
import dev.rtcstats.pipeline.enricher.features.FeaturesReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Inputs that would need gigabytes if decoded in full, through the real feature extraction in a JVM of 64 MiB
 * (the {@code small-heap} surefire execution): the budgets must stop them before the memory is spent, with budgets
 * scaled to that heap as the README's limits table scales them to a production heap.
 */
@Tag("small-heap")
class SmallHeapTest {
    private static final ExtractionLimits LIMITS = new ExtractionLimits(1_000, 2_000, 200_000, 100_000);

    @Test
    void shouldTruncateDecompressionThatWouldExpandBeyondTheHeap() {
        // Given: one poll of 1,000 reports of 20 values, then 60,000 polls that only move the clock
        List<String> lines = new ArrayList<>();
        lines.add(HostileCorpus.getStats(0, 1_000, 20, "1"));
        for (int poll = 2; poll < 60_000; poll++) {
            lines.add("[\"g\",\"PC_0\",{\"t\":" + poll + "},1000]");
        }

        // When
        ExtractionBudget budget = extract(lines);

        // Then
        assertThat(budget.firstCut()).contains(FeaturesReason.STATS_VALUES_OVER_BUDGET);
    }

    @Test
    void shouldTruncateDecompressionWhenEveryPollChangesEveryReport() {
        // Given: 200 reports of 10 values, all changing on every one of 300 polls
        List<String> lines = new ArrayList<>();
        for (int poll = 1; poll <= 300; poll++) {
            lines.add(HostileCorpus.getStats(0, 200, 10, Integer.toString(poll)));
        }

        // When
        ExtractionBudget budget = extract(lines);

        // Then
        assertThat(budget.firstCut()).contains(FeaturesReason.STATS_VALUES_OVER_BUDGET);
    }

    @Test
    void shouldSkipNestingThatWouldOverflowTheStack() {
        // Given
        List<String> lines = List.of(
                "[".repeat(500_000) + "]".repeat(500_000),
                "[\"g\",\"PC_0\",{\"A\":" + "{\"a\":".repeat(200_000) + "1" + "}".repeat(200_000) + "},1]",
                "[\"getUserMedia\",null,{},1]");

        // When
        ExtractionBudget budget = extract(lines);

        // Then
        assertThat(budget.firstCut()).isEmpty();
    }

    private static ExtractionBudget extract(List<String> lines) {
        ExtractionBudget budget = new ExtractionBudget(LIMITS, Duration.ofMinutes(5), System::nanoTime);
        long[] samples = {0};
        new DumpFeatureExtraction()
                .extract(
                        session(),
                        "{\"startTime\":1}",
                        lines,
                        budget,
                        series -> samples[0] += series.samples().size());
        assertThat(samples[0]).isLessThanOrEqualTo(LIMITS.maxSeriesSamples());
        return budget;
    }

    private static SessionRecord session() {
        return new SessionRecord(
                SessionRecord.FORMAT,
                "small-heap",
                null,
                null,
                null,
                null,
                null,
                1,
                2,
                3,
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
