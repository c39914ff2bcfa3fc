package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollIntentTest {
    @Test
    void shouldReadBackTheEndItWrote() {
        // When
        String metadata = RollIntent.metadata(12_345);

        // Then
        assertThat(RollIntent.parse(metadata)).hasValue(12_345);
    }

    @Test
    void shouldFindNoIntentInOtherMetadata() {
        // Then
        assertThat(RollIntent.parse("")).isEmpty();
        assertThat(RollIntent.parse(null)).isEmpty();
        assertThat(RollIntent.parse("rtcstats-lake-roll-end=abc")).isEmpty();
        assertThat(RollIntent.parse("something else")).isEmpty();
    }
}
