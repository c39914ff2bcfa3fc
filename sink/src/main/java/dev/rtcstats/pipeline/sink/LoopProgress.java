package dev.rtcstats.pipeline.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind a loop's commits are: for each partition, when the oldest record that is not committed yet was
 * polled (at poll granularity). Written by the loop thread; {@link #oldestAge} and {@link #uncommitted} are read by
 * the readiness check and the gauges from any thread.
 */
final class LoopProgress {
    private static final long NONE = Long.MAX_VALUE;

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private final AtomicLong oldestPolledMillis = new AtomicLong(NONE);
    private final AtomicLong uncommitted = new AtomicLong();

    /** Notes when the records of a poll arrived. */
    void polled(ConsumerRecords<byte[], byte[]> records, Instant now) {
        for (TopicPartition partition : records.partitions()) {
            var list = records.records(partition);
            Partition state = partitions.computeIfAbsent(partition, p -> new Partition());
            state.polled(list.getFirst().offset(), list.getLast().offset(), now.toEpochMilli());
        }
        publish();
    }

    /** Notes that the partitions' offsets up to (excluding) these were committed. */
    void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            Partition state = partitions.get(partition);
            if (state != null) {
                state.committed(offset);
            }
        });
        publish();
    }

    void forget(Collection<TopicPartition> gone) {
        gone.forEach(partitions::remove);
        publish();
    }

    /** Age of the oldest record polled but not committed; zero when everything polled is committed. */
    Duration oldestAge(Instant now) {
        long oldest = oldestPolledMillis.get();
        return oldest == NONE ? Duration.ZERO : Duration.ofMillis(Math.max(0, now.toEpochMilli() - oldest));
    }

    long uncommitted() {
        return uncommitted.get();
    }

    private void publish() {
        long oldest = NONE;
        long count = 0;
        for (Partition state : partitions.values()) {
            if (!state.checkpoints.isEmpty()) {
                oldest = Math.min(oldest, state.checkpoints.getFirst()[1]);
                count += state.lastPolled
                        + 1
                        - Math.max(state.committed, state.checkpoints.getFirst()[0]);
            }
        }
        oldestPolledMillis.set(oldest);
        uncommitted.set(count);
    }

    /** Checkpoints {first offset of a poll, when it was polled}, oldest first. */
    private static final class Partition {
        private final ArrayList<long[]> checkpoints = new ArrayList<>();
        private long committed = -1;
        private long lastPolled = -1;

        void polled(long first, long last, long at) {
            if (first >= committed || checkpoints.isEmpty()) {
                checkpoints.add(new long[] {Math.max(first, committed), at});
            }
            lastPolled = Math.max(lastPolled, last);
        }

        void committed(long offset) {
            committed = Math.max(committed, offset);
            while (checkpoints.size() > 1 && checkpoints.get(1)[0] <= committed) {
                checkpoints.remove(0);
            }
            if (!checkpoints.isEmpty() && committed > lastPolled) {
                checkpoints.clear();
            }
        }
    }
}
