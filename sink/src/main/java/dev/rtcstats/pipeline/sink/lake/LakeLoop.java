package dev.rtcstats.pipeline.sink.lake;

import dev.rtcstats.pipeline.common.GroupMembership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the session, feature and time-series topics into Parquet files per source partition and rolls them into
 * the bucket: close the files, commit the roll's end offset as an intent (the committed offset stays at its start),
 * put every file, then commit the end. A crash anywhere leaves either nothing under the final names or files that
 * the next owner overwrites with the same rows, because it rolls the same range again.
 */
final class LakeLoop implements Runnable {
    /** Lifecycle: running, asked to flush and stop, stopped as by a crash (tests), or ended. */
    enum State {
        RUNNING,
        STOPPING,
        HALTED,
        ENDED
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(LakeLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final LakeTopics topics;
    private final LakeRecords records;
    private final SpoolDir spool;
    private final LakeConfig config;
    private final LakeMetrics metrics;
    private final Clock clock;
    private final LakePartitions partitions;
    private final RetrySchedule retries;
    private final RollCommitter committer;
    private final Set<TopicPartition> rewound = new HashSet<>();
    private volatile State state = State.RUNNING;

    LakeLoop(
            Consumer<byte[], byte[]> consumer,
            LakeTopics topics,
            LakeRecords records,
            LakeStore store,
            SpoolDir spool,
            LakeConfig config,
            IntFunction<Duration> retryDelay,
            LakeMetrics metrics,
            Clock clock) {
        this.consumer = consumer;
        this.topics = topics;
        this.records = records;
        this.spool = spool;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.partitions = new LakePartitions(config);
        this.retries = new RetrySchedule(retryDelay, clock, IDLE_POLL);
        this.committer = new RollCommitter(consumer, store, metrics, () -> state == State.HALTED);
    }

    @Override
    public void run() {
        consumer.subscribe(topics.all(), new Rebalance());
        try {
            while (state == State.RUNNING) {
                try {
                    iterate();
                } catch (WakeupException e) {
                    if (state == State.RUNNING) {
                        throw e;
                    }
                }
            }
            if (state == State.STOPPING) {
                partitions.closeDue(clock.instant(), true);
                finishRolls(true);
            }
        } catch (RuntimeException e) {
            // Only the local disk or the consumer gets here; /healthcheck turns red so the process is replaced.
            LOGGER.atError().addKeyValue("topics", topics.all()).setCause(e).log("lake loop failed");
            throw e;
        } finally {
            boolean crashed = state == State.HALTED;
            if (!crashed) {
                partitions.forgetAll();
            }
            consumer.close(GroupMembership.onClose(crashed));
            spool.close(!crashed);
            LOGGER.atInfo().addKeyValue("halted", crashed).log("lake loop stopped");
            state = State.ENDED;
        }
    }

    private void iterate() {
        rewound.clear();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(retries.pollTimeout())) {
            handle(record);
        }
        partitions.closeDue(clock.instant(), false);
        finishRolls(false);
        metrics.openFiles(partitions.openFiles());
        metrics.uncommitted(partitions.uncommitted());
    }

    /** Asks the loop to roll what it holds, commit and stop; safe from any thread. */
    void stop() {
        if (state == State.RUNNING) {
            state = State.STOPPING;
            consumer.wakeup();
        }
    }

    /** Stops without writing or committing anything more, as a crash would; for tests. */
    void halt() {
        state = State.HALTED;
        consumer.wakeup();
    }

    State state() {
        return state;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (rewound.contains(partition)) {
            return;
        }
        PartitionBatch batch = partitions.batch(partition);
        if (batch == null) {
            restart(partition, record.offset());
            return;
        }
        if (partitions.isRolling(partition)) {
            rewind(partition, record.offset());
            return;
        }
        if (batch.isPastPin(record.offset())) {
            partitions.close(partition);
            rewind(partition, record.offset());
            return;
        }
        try {
            for (LakeRow row : records.rowsOrNone(record, metrics)) {
                batch.write(row, spool, config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lake spool file for " + partition, e);
        }
        batch.handled(record.offset(), clock.instant());
    }

    private void finishRolls(boolean lastAttempt) {
        if (!lastAttempt && retries.isWaiting()) {
            return;
        }
        for (Roll roll : partitions.rolls()) {
            Instant started = clock.instant();
            try {
                if (!committer.commit(roll)) {
                    return;
                }
                metrics.rolled(Duration.between(started, clock.instant()));
                partitions.rolled(roll);
            } catch (CommitFailedException | RebalanceInProgressException e) {
                // The group moved on: whoever owns the partition now rolls the same range again.
                LOGGER.atWarn()
                        .addKeyValue("partition", roll.source())
                        .addKeyValue("error", e.getMessage())
                        .log("lake roll abandoned during a rebalance");
                restart(roll.source(), roll.start());
            } catch (IOException e) {
                failed(roll, e);
                return;
            }
        }
        if (retries.recovered()) {
            LOGGER.atInfo().log("lake store is back; resuming consumption");
            consumer.resume(consumer.assignment());
        }
    }

    private void failed(Roll roll, IOException e) {
        metrics.retry();
        Duration delay = retries.failed();
        consumer.pause(consumer.assignment());
        LOGGER.atWarn()
                .addKeyValue("partition", roll.source())
                .addKeyValue("failures", retries.failures())
                .addKeyValue("retryInMs", delay.toMillis())
                .addKeyValue("error", e.getMessage())
                .log("lake upload failed; consumption paused until retry");
    }

    /**
     * Forgets a partition's state and reads it again from its committed offset and intent, or from
     * {@code fallbackStart} when it has none.
     */
    private void restart(TopicPartition partition, long fallbackStart) {
        partitions.forget(List.of(partition));
        rewound.add(partition);
        if (!consumer.assignment().contains(partition)) {
            return;
        }
        long start = partitions.startAtCommitted(
                partition, consumer.committed(Set.of(partition)).get(partition), () -> fallbackStart);
        consumer.seek(partition, start);
    }

    private void rewind(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
        rewound.add(partition);
    }

    private void start(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            partitions.startAtCommitted(partition, offset, () -> consumer.position(partition));
        }
    }

    /**
     * New partitions start at their committed offset, pinned to an unfinished roll if one is recorded; lost ones are
     * forgotten (after a halt, which stands for a crash, their spool files stay).
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (state != State.HALTED) {
                partitions.forget(revoked);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            onPartitionsRevoked(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            start(assigned);
            if (retries.isFailing()) {
                consumer.pause(assigned);
            }
        }
    }
}
