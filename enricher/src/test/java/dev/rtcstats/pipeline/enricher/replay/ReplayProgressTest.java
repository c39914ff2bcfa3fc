package dev.rtcstats.pipeline.enricher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    @Test
    void shouldPrintPercentCountsAndEtaWhenRecordsAreFlowing() {
        // Given 1,000,000 records in 40s this run, 700,000 left at the same rate
        ReplayProgress progress = ReplayProgress.of(2, 1_250_000, 1_950_000, 412, 1_000_000, Duration.ofSeconds(40));

        // When
        String line = progress.line();

        // Then
        assertThat(line).isEqualTo("replay v2: 64% (1,250,000 / 1,950,000 records), 412 connections emitted, ETA 28s");
    }

    @Test
    void shouldShowUnknownEtaAndFullRangeWhenNothingIsReadOrNothingToRead() {
        assertThat(ReplayProgress.of(3, 0, 10, 0, 0, Duration.ofSeconds(5)).line())
                .endsWith("ETA unknown");
        assertThat(ReplayProgress.of(3, 0, 0, 0, 0, Duration.ofSeconds(5)).percent())
                .isEqualTo(100);
        assertThat(ReplayProgress.duration(Duration.ofSeconds(80))).isEqualTo("1m20s");
        assertThat(ReplayProgress.duration(Duration.ofMinutes(135))).isEqualTo("2h15m");
    }

    @Test
    void shouldCountCommittedRecordsOfRangeWhenOffsetsMoveBeyondEnd() {
        // Given
        ReplayRange range = new ReplayRange(Map.of(0, 100L, 1, 50L), Map.of(0, 200L, 1, 50L), false);

        // When / Then
        assertThat(range.records()).isEqualTo(100);
        assertThat(range.done(Map.of(0, 150L))).isEqualTo(50);
        assertThat(range.reached(Map.of(0, 150L, 1, 50L))).isFalse();
        assertThat(range.done(Map.of(0, 230L, 1, 60L)))
                .as("live records after the end")
                .isEqualTo(100);
        assertThat(range.reached(Map.of(0, 230L, 1, 60L))).isTrue();
        assertThat(range.reached(Map.of(0, 230L)))
                .as("partition without a commit")
                .isFalse();
    }
}
