package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the instance makes progress, judged from the broker rather than from the stream threads (which cannot
 * report on themselves while they are stuck): for each frames partition this instance owns, records waiting (end
 * offset above the group's committed offset) with the committed offset unchanged for {@code stallAfter} is a stall.
 * A partition whose records just arrived after a quiet spell is not stalled: the clock starts when lag is first seen
 * at a committed offset. When the broker cannot be asked for {@code stallAfter}, that is a stall too.
 */
final class ProgressWatch {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private final Admin admin;
    private final String groupId;
    private final Supplier<Set<TopicPartition>> owned;
    private final long stallAfterMillis;
    private final LongSupplier clock;
    private final Map<TopicPartition, Lagging> lagging = new HashMap<>();
    private volatile long lastAnswerAt;
    private volatile boolean stalled;
    private volatile long lag;

    /**
     * @param owned the frames partitions of this instance's active tasks
     * @param clock wall-clock milliseconds
     */
    ProgressWatch(
            Admin admin, String groupId, Supplier<Set<TopicPartition>> owned, Duration stallAfter, LongSupplier clock) {
        this.admin = admin;
        this.groupId = groupId;
        this.owned = owned;
        this.stallAfterMillis = stallAfter.toMillis();
        this.clock = clock;
        this.lastAnswerAt = clock.getAsLong();
    }

    /** Asks the broker for end and committed offsets; called periodically from one thread. */
    void sample() throws InterruptedException {
        Set<TopicPartition> partitions = owned.get().stream()
                .filter(partition -> partition.topic().equals(Topics.FRAMES))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetAndMetadata> committed;
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends;
        try {
            committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ends = partitions.isEmpty()
                    ? Map.of()
                    : admin.listOffsets(partitions.stream()
                                    .collect(
                                            Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                            .all()
                            .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // No answer: lastAnswerAt ages until it counts as a stall.
            return;
        }
        long now = clock.getAsLong();
        boolean anyStalled = false;
        long total = 0;
        lagging.keySet().retainAll(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long position = offset == null ? 0 : offset.offset();
            long waiting = ends.containsKey(partition) ? ends.get(partition).offset() - position : 0;
            total += Math.max(0, waiting);
            if (waiting <= 0) {
                lagging.remove(partition);
                continue;
            }
            Lagging since = lagging.get(partition);
            if (since == null || since.committed() != position) {
                lagging.put(partition, new Lagging(position, now));
            } else if (now - since.since() > stallAfterMillis) {
                anyStalled = true;
            }
        }
        lag = total;
        stalled = anyStalled;
        lastAnswerAt = now;
    }

    /** Whether no owned partition is stalled and the broker answered recently. */
    boolean progressing() {
        return !stalled && answeredRecently();
    }

    /** The broker answered recently and, at its last answer, no owned partition had records waiting. */
    boolean caughtUp() {
        return lag == 0 && answeredRecently();
    }

    private boolean answeredRecently() {
        return clock.getAsLong() - lastAnswerAt <= stallAfterMillis;
    }

    /** Records waiting in the owned partitions at the last answer. */
    long lag() {
        return lag;
    }

    /** The committed offset at which lag was first seen, and when. */
    private record Lagging(long committed, long since) {}
}
