package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the lake loop holds per owned source partition: the open batch of files since the committed offset, and the
 * closed roll waiting to be stored, if any. A partition whose roll waits reads nothing until the roll is stored.
 */
final class LakePartitions {
    private static final Logger LOGGER = LoggerFactory.getLogger(LakePartitions.class);

    private final LakeLayout layout;
    private final LakeConfig config;
    private final Map<TopicPartition, PartitionBatch> batches = new LinkedHashMap<>();
    private final Map<TopicPartition, Roll> rolls = new LinkedHashMap<>();

    LakePartitions(LakeConfig config) {
        this.layout = new LakeLayout(config.prefix());
        this.config = config;
    }

    /** Starts (or starts again) a partition at {@code start}, pinned to an unfinished roll's end if one is known. */
    void start(TopicPartition partition, long start, OptionalLong pin) {
        batches.put(partition, new PartitionBatch(partition, start, pin));
    }

    /**
     * Starts a partition at its committed offset, pinned to the unfinished roll its metadata records, or at
     * {@code fallback} when nothing is committed; returns the start.
     */
    long startAtCommitted(TopicPartition partition, OffsetAndMetadata committed, LongSupplier fallback) {
        long start = committed == null ? fallback.getAsLong() : committed.offset();
        OptionalLong pin = committed == null ? OptionalLong.empty() : RollIntent.parse(committed.metadata());
        start(partition, start, pin);
        if (pin.isPresent()) {
            LOGGER.atInfo()
                    .addKeyValue("partition", partition)
                    .addKeyValue("start", start)
                    .addKeyValue("end", pin.getAsLong())
                    .log("resuming an unfinished lake roll");
        }
        return start;
    }

    /** The open batch, or null for a partition this loop does not hold. */
    PartitionBatch batch(TopicPartition partition) {
        return batches.get(partition);
    }

    boolean isRolling(TopicPartition partition) {
        return rolls.containsKey(partition);
    }

    /** Closes the partition's files into a roll and opens an empty batch at the roll's end. */
    void close(TopicPartition partition) {
        PartitionBatch batch = batches.get(partition);
        try {
            Roll roll = batch.close(layout);
            rolls.put(partition, roll);
            batches.put(partition, new PartitionBatch(partition, roll.end(), OptionalLong.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish lake spool files of " + partition, e);
        }
    }

    /**
     * Closes what is due at {@code now}; with {@code stopping}, everything that may roll now (a pinned batch only at
     * its pin). Then closes the largest batches until the open files are within the limit.
     */
    void closeDue(Instant now, boolean stopping) {
        for (TopicPartition partition : List.copyOf(batches.keySet())) {
            PartitionBatch batch = batches.get(partition);
            boolean due = batch.isDue(now, config.rollInterval(), config.rollBytes())
                    || (stopping && !batch.isPinned() && batch.hasRecords());
            if (due && !rolls.containsKey(partition)) {
                close(partition);
            }
        }
        while (openFiles() > config.maxOpenFiles()) {
            TopicPartition largest = batches.entrySet().stream()
                    .filter(entry -> !entry.getValue().isPinned() && !rolls.containsKey(entry.getKey()))
                    .filter(entry -> entry.getValue().openFiles() > 0)
                    .max(Comparator.comparingInt(entry -> entry.getValue().openFiles()))
                    .map(Map.Entry::getKey)
                    .orElse(null);
            if (largest == null) {
                return;
            }
            close(largest);
        }
    }

    /** A snapshot of the rolls waiting to be stored: a rebalance may drop rolls while one is stored. */
    List<Roll> rolls() {
        return List.copyOf(rolls.values());
    }

    /** The roll is stored and committed: its spool files go. */
    void rolled(Roll roll) {
        rolls.remove(roll.source(), roll);
        deleteQuietly(roll);
    }

    /** Drops the partitions' batches and rolls with their spool files. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            PartitionBatch batch = batches.remove(partition);
            if (batch != null) {
                batch.discard();
            }
            Roll roll = rolls.remove(partition);
            if (roll != null) {
                deleteQuietly(roll);
            }
        }
    }

    void forgetAll() {
        forget(List.copyOf(batches.keySet()));
        forget(List.copyOf(rolls.keySet()));
    }

    int openFiles() {
        return batches.values().stream().mapToInt(PartitionBatch::openFiles).sum();
    }

    /** Records read but not committed: in open batches and in rolls not yet stored. */
    long uncommitted() {
        return batches.values().stream().mapToLong(PartitionBatch::uncommitted).sum()
                + rolls.values().stream()
                        .mapToLong(roll -> roll.end() - roll.start())
                        .sum();
    }

    private static void deleteQuietly(Roll roll) {
        try {
            roll.deleteFiles();
        } catch (IOException e) {
            LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("cannot delete lake spool files");
        }
    }
}
