package dev.rtcstats.pipeline.sink;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a consumer loop has committed per owned partition: commits only the durable offsets that moved, and
 * rewinds partitions whose uncommitted records a sink dropped to their last commit.
 */
final class CommittedOffsets {
    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    CommittedOffsets(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * Commits the durable offsets (of {@code only}, when not null) that moved, waiting at most {@code timeout};
     * returns what was committed. A {@link org.apache.kafka.common.KafkaException} means the group moved on or the
     * broker is away.
     */
    Map<TopicPartition, Long> commit(
            Map<TopicPartition, Long> durable, Collection<TopicPartition> only, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        durable.forEach((partition, offset) -> {
            if ((only == null || only.contains(partition)) && offset > committed.getOrDefault(partition, -1L)) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        });
        if (offsets.isEmpty()) {
            return Map.of();
        }
        consumer.commitSync(offsets, timeout);
        Map<TopicPartition, Long> done = new HashMap<>();
        offsets.forEach((partition, offset) -> done.put(partition, offset.offset()));
        committed.putAll(done);
        return done;
    }

    /** Forgets partitions given away. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }

    /** Seeks each partition to its last commit (asking the group when this loop has none), or to its beginning. */
    void rewind(Set<TopicPartition> partitions) {
        Set<TopicPartition> unknown = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Long offset = committed.get(partition);
            if (offset == null) {
                unknown.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!unknown.isEmpty()) {
            consumer.committed(unknown).forEach((partition, offset) -> {
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            });
        }
    }
}
