package dev.rtcstats.pipeline.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offset each partition may commit while connections are spread over many records. A partition's committable
 * offset stays at the first chunk of the oldest connection that is not yet durable, so a restart re-reads every
 * chunk of every connection that was not written, and nothing past what was processed.
 */
final class OffsetTracker {
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /** A connection's first record is at {@code offset}; it holds the partition's commit until {@link #durable}. */
    void open(TopicPartition partition, String connectionId, long offset) {
        partition(partition).open(connectionId, offset);
    }

    /** The record at {@code offset} was handled (buffered, skipped or written). */
    void seen(TopicPartition partition, long offset) {
        partition(partition).seen(offset);
    }

    /** The connection's data is durable; it no longer holds back its partition. */
    void durable(TopicPartition partition, String connectionId) {
        Partition state = partitions.get(partition);
        if (state != null) {
            state.close(connectionId);
        }
    }

    boolean isOpen(TopicPartition partition, String connectionId) {
        Partition state = partitions.get(partition);
        return state != null && state.firstOffsets.containsKey(connectionId);
    }

    /** Offsets that moved past the last {@link #committed} value, ready for {@code commitSync}. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, state) -> {
            long offset = state.committable();
            if (offset > state.committed) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return offsets;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            Partition state = partitions.get(partition);
            if (state != null) {
                state.committed = Math.max(state.committed, offset.offset());
            }
        });
    }

    /** Records handled but not yet committable or committed: a cheap stand-in for consumer lag inside the sink. */
    long uncommitted() {
        long total = 0;
        for (Partition state : partitions.values()) {
            total += Math.max(0, state.next - Math.max(state.committed, 0));
        }
        return total;
    }

    int openConnections() {
        return partitions.values().stream()
                .mapToInt(state -> state.firstOffsets.size())
                .sum();
    }

    /** Drops all state of partitions this consumer no longer owns; their new owner starts from the commit. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private Partition partition(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, p -> new Partition());
    }

    private static final class Partition {
        private final Map<String, Long> firstOffsets = new HashMap<>();
        /** Offset to count of open connections starting there; its first key is the commit barrier. */
        private final TreeMap<Long, Integer> barriers = new TreeMap<>();

        private long next = -1;
        private long committed = -1;

        void open(String connectionId, long offset) {
            close(connectionId);
            firstOffsets.put(connectionId, offset);
            barriers.merge(offset, 1, Integer::sum);
        }

        void close(String connectionId) {
            Long offset = firstOffsets.remove(connectionId);
            if (offset != null) {
                barriers.computeIfPresent(offset, (key, count) -> count == 1 ? null : count - 1);
            }
        }

        void seen(long offset) {
            next = Math.max(next, offset + 1);
        }

        long committable() {
            return barriers.isEmpty() ? next : Math.min(barriers.firstKey(), next);
        }
    }
}
