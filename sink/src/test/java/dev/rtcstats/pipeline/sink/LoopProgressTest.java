package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LoopProgressTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    private static ConsumerRecords<byte[], byte[]> records(long from, long to) {
        List<ConsumerRecord<byte[], byte[]>> list = new java.util.ArrayList<>();
        for (long offset = from; offset <= to; offset++) {
            list.add(new ConsumerRecord<>("t", 0, offset, null, new byte[0]));
        }
        return new ConsumerRecords<>(Map.of(P0, list), Map.of());
    }

    @Test
    void shouldAgeTheOldestUncommittedRecordUntilItIsCommitted() {
        // Given
        LoopProgress progress = new LoopProgress();
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        progress.polled(records(0, 9), start);
        progress.polled(records(10, 19), start.plusSeconds(5));

        // When
        Duration stalled = progress.oldestAge(start.plusSeconds(30));
        progress.committed(Map.of(P0, 10L));
        Duration partly = progress.oldestAge(start.plusSeconds(30));
        long pending = progress.uncommitted();
        progress.committed(Map.of(P0, 20L));

        // Then
        assertThat(stalled).isEqualTo(Duration.ofSeconds(30));
        assertThat(partly).isEqualTo(Duration.ofSeconds(25));
        assertThat(pending).isEqualTo(10);
        assertThat(progress.oldestAge(start.plusSeconds(60))).isZero();
        assertThat(progress.uncommitted()).isZero();
    }
}
