package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("dumps", 0);
    private static final TopicPartition P1 = new TopicPartition("dumps", 1);

    @Test
    void shouldCommitPastEverySeenRecordWhenNoConnectionIsOpen() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        tracker.open(P0, "a", 0);
        tracker.seen(P0, 0);
        tracker.seen(P0, 1);
        tracker.durable(P0, "a");

        // When
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();

        // Then
        assertThat(committable).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldHoldTheCommitAtTheFirstChunkOfTheOldestOpenConnection() {
        // Given: a at 0..2 still open, b at 1 and 3 finished
        OffsetTracker tracker = new OffsetTracker();
        tracker.open(P0, "a", 0);
        tracker.seen(P0, 0);
        tracker.open(P0, "b", 1);
        tracker.seen(P0, 1);
        tracker.seen(P0, 2);
        tracker.seen(P0, 3);
        tracker.durable(P0, "b");

        // When
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();

        // Then: offset 0 was committed by nobody yet, so committing 0 is a move from "nothing"
        assertThat(committable).containsExactly(Map.entry(P0, new OffsetAndMetadata(0)));
    }

    @Test
    void shouldMoveToTheNextOpenConnectionWhenTheOldestBecomesDurable() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        tracker.open(P0, "a", 5);
        tracker.open(P0, "b", 7);
        tracker.open(P0, "c", 9);
        tracker.seen(P0, 10);
        tracker.durable(P0, "a");
        tracker.durable(P0, "c");

        // When
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();

        // Then
        assertThat(committable).containsExactly(Map.entry(P0, new OffsetAndMetadata(7)));
    }

    @Test
    void shouldNotOfferAnOffsetAgainOnceCommitted() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        tracker.seen(P0, 3);
        tracker.committed(tracker.committable());

        // When
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();

        // Then
        assertThat(committable).isEmpty();
        assertThat(tracker.uncommitted()).isZero();
    }

    @Test
    void shouldTrackPartitionsIndependently() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        tracker.open(P0, "a", 0);
        tracker.seen(P0, 0);
        tracker.open(P1, "b", 0);
        tracker.seen(P1, 0);
        tracker.durable(P1, "b");

        // When
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();

        // Then
        assertThat(committable).containsEntry(P1, new OffsetAndMetadata(1)).containsEntry(P0, new OffsetAndMetadata(0));
        assertThat(tracker.openConnections()).isEqualTo(1);
    }

    @Test
    void shouldMoveTheBarrierWhenAConnectionIsOpenedAgain() {
        // Given: the producer restarted connection a at offset 4
        OffsetTracker tracker = new OffsetTracker();
        tracker.open(P0, "a", 1);
        tracker.open(P0, "a", 4);
        tracker.seen(P0, 4);

        // When
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();

        // Then
        assertThat(committable).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void shouldDropAllStateWhenAPartitionIsForgotten() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        tracker.open(P0, "a", 0);
        tracker.seen(P0, 2);

        // When
        tracker.forget(List.of(P0));

        // Then
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.isOpen(P0, "a")).isFalse();
    }
}
