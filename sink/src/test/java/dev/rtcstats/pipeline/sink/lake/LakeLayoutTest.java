package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {
    @Test
    void shouldNameFilesAfterTheirSourcePartitionAndOffsetRange() {
        // Given
        LakeLayout layout = new LakeLayout("lake");

        // When
        String key = layout.key(
                "stats_timeseries",
                "acme",
                LocalDate.parse("2025-09-23"),
                new TopicPartition("rtcstats.stats.v1", 3),
                100,
                250);

        // Then
        assertThat(key)
                .isEqualTo("lake/stats_timeseries/tenant=acme/date=2025-09-23/"
                        + "rtcstats.stats.v1-3-00000000000000000100-00000000000000000250.parquet");
    }

    @Test
    void shouldEscapeHostileTenantsIntoOnePathSegment() {
        // When
        String slashes = LakeLayout.partitionValue("../a/b=c d");
        String unicode = LakeLayout.partitionValue("Ü");
        String empty = LakeLayout.partitionValue("");
        String huge = LakeLayout.partitionValue("x".repeat(10_000));

        // Then
        assertThat(slashes).isEqualTo("..%2Fa%2Fb%3Dc%20d");
        assertThat(unicode).isEqualTo("%C3%9C");
        assertThat(empty).isEqualTo(LakeLayout.DEFAULT_PARTITION);
        assertThat(huge).hasSize(64 + 1 + 16).startsWith("x".repeat(64) + "~");
        assertThat(LakeLayout.partitionValue("y".repeat(10_000))).isNotEqualTo(huge);
    }
}
