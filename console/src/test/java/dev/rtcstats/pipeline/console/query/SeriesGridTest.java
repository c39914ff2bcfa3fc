package dev.rtcstats.pipeline.console.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesGridTest {
    private static final long START = 1_790_000_000_123L;

    @Test
    void shouldUseOneSecondStepsForAShortCall() {
        // When
        SeriesGrid grid = SeriesGrid.covering(START, START + 4_500, 300);

        // Then
        assertThat(grid.step()).isEqualTo(1_000);
        assertThat(grid.from()).isEqualTo(1_790_000_000_000L);
        assertThat(grid.points()).isEqualTo(5);
    }

    @Test
    void shouldPickTheSmallestRoundStepThatFitsAnHourIntoThePoints() {
        // When
        SeriesGrid grid = SeriesGrid.covering(START, START + 3_600_000, 300);

        // Then
        assertThat(grid.step()).isEqualTo(15_000);
        assertThat(grid.points()).isLessThanOrEqualTo(300).isGreaterThan(240);
        assertThat(grid.from() % 15_000).isZero();
    }

    @Test
    void shouldUseWholeDaysBeyondTheLargestRoundStep() {
        // When
        SeriesGrid grid = SeriesGrid.covering(0, 400L * 86_400_000, 100);

        // Then
        assertThat(grid.step()).isEqualTo(5L * 86_400_000);
        assertThat(grid.points()).isEqualTo(81);
    }
}
