package dev.rtcstats.pipeline.sink.lake;

import dev.rtcstats.pipeline.common.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
    private final LakeStore store;
    private final LakeLayout layout;
    private final SpoolDir spool;
    private final LakeConfig config;
    private final IntFunction<Duration> retryDelay;
    private final LakeMetrics metrics;
    private final Clock clock;
    private final Map<TopicPartition, PartitionBatch> batches = new LinkedHashMap<>();
    private final Map<TopicPartition, Roll> rolls = new LinkedHashMap<>();
    private final Set<TopicPartition> rewound = new HashSet<>();
    private volatile State state = State.RUNNING;
    private int failures;
    private Instant retryAt = Instant.MIN;

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
        this.store = store;
        this.layout = new LakeLayout(config.prefix());
        this.spool = spool;
        this.config = config;
        this.retryDelay = retryDelay;
        this.metrics = metrics;
        this.clock = clock;
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
                closeDue(true);
                finishRolls(true);
            }
        } catch (RuntimeException e) {
            // Only the local disk or the consumer gets here; /healthcheck turns red so the process is replaced.
            LOGGER.atError().addKeyValue("topics", topics.all()).setCause(e).log("lake loop failed");
            throw e;
        } finally {
            boolean crashed = state == State.HALTED;
            if (!crashed) {
                discardAll();
            }
            consumer.close();
            spool.close(!crashed);
            LOGGER.atInfo().addKeyValue("halted", crashed).log("lake loop stopped");
            state = State.ENDED;
        }
    }

    private void iterate() {
        rewound.clear();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout())) {
            handle(record);
        }
        closeDue(false);
        finishRolls(false);
        publishGauges();
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
        PartitionBatch batch = batches.get(partition);
        if (batch == null) {
            restart(partition, record.offset());
            return;
        }
        if (rolls.containsKey(partition)) {
            rewind(partition, record.offset());
            return;
        }
        if (batch.isPastPin(record.offset())) {
            closeBatch(partition);
            rewind(partition, record.offset());
            return;
        }
        List<LakeRow> rows;
        try {
            rows = records.rows(record);
        } catch (WireFormatException e) {
            rows = List.of();
            metrics.skipped(LakeMetrics.SkipReason.UNSUPPORTED_FORMAT);
        } catch (RuntimeException e) {
            rows = List.of();
            metrics.skipped(LakeMetrics.SkipReason.UNDECODABLE);
            LOGGER.atDebug()
                    .addKeyValue("partition", partition)
                    .addKeyValue("offset", record.offset())
                    .addKeyValue("error", e.getMessage())
                    .log("undecodable record left out of the lake");
        }
        try {
            for (LakeRow row : rows) {
                batch.write(row, spool, config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lake spool file for " + partition, e);
        }
        batch.handled(record.offset(), clock.instant());
    }

    /** Rolls what is due; with {@code stopping}, everything that may roll now (a pinned batch only at its pin). */
    private void closeDue(boolean stopping) {
        Instant now = clock.instant();
        for (TopicPartition partition : List.copyOf(batches.keySet())) {
            PartitionBatch batch = batches.get(partition);
            boolean due = batch.isDue(now, config.rollInterval(), config.rollBytes())
                    || (stopping && !batch.isPinned() && batch.hasRecords());
            if (due && !rolls.containsKey(partition)) {
                closeBatch(partition);
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
            closeBatch(largest);
        }
    }

    private void closeBatch(TopicPartition partition) {
        PartitionBatch batch = batches.get(partition);
        try {
            Roll roll = batch.close(layout);
            rolls.put(partition, roll);
            batches.put(partition, new PartitionBatch(partition, roll.end(), OptionalLong.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish lake spool files of " + partition, e);
        }
    }

    private void finishRolls(boolean lastAttempt) {
        if (rolls.isEmpty() || (!lastAttempt && clock.instant().isBefore(retryAt))) {
            return;
        }
        // A snapshot: a rebalance callback may drop rolls while a commit runs.
        for (Roll roll : List.copyOf(rolls.values())) {
            Instant started = clock.instant();
            try {
                if (!finish(roll)) {
                    return;
                }
                metrics.rolled(Duration.between(started, clock.instant()));
                rolls.remove(roll.source(), roll);
                deleteQuietly(roll);
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
        if (failures > 0) {
            LOGGER.atInfo().addKeyValue("failures", failures).log("lake store is back; resuming consumption");
            consumer.resume(consumer.assignment());
            failures = 0;
        }
    }

    /** Intent, uploads, end; false when halted part-way. */
    private boolean finish(Roll roll) throws IOException {
        TopicPartition partition = roll.source();
        if (roll.files().isEmpty()) {
            commit(partition, new OffsetAndMetadata(roll.end()));
            return true;
        }
        commit(partition, new OffsetAndMetadata(roll.start(), RollIntent.metadata(roll.end())));
        for (Roll.File file = roll.nextUpload(); file != null; file = roll.nextUpload()) {
            if (state == State.HALTED) {
                return false;
            }
            store.put(file.key(), file.path());
            roll.uploadedOne();
            metrics.fileWritten(file.table(), file.rows(), file.bytes());
            LOGGER.atDebug()
                    .addKeyValue("key", file.key())
                    .addKeyValue("rows", file.rows())
                    .addKeyValue("bytes", file.bytes())
                    .log("lake file stored");
        }
        if (state == State.HALTED) {
            return false;
        }
        commit(partition, new OffsetAndMetadata(roll.end()));
        return true;
    }

    private void commit(TopicPartition partition, OffsetAndMetadata offset) {
        if (state != State.HALTED) {
            consumer.commitSync(Map.of(partition, offset));
        }
    }

    private void failed(Roll roll, IOException e) {
        failures++;
        metrics.retry();
        Duration delay = retryDelay.apply(failures);
        retryAt = clock.instant().plus(delay);
        consumer.pause(consumer.assignment());
        LOGGER.atWarn()
                .addKeyValue("partition", roll.source())
                .addKeyValue("failures", failures)
                .addKeyValue("retryInMs", delay.toMillis())
                .addKeyValue("error", e.getMessage())
                .log("lake upload failed; consumption paused until retry");
    }

    /**
     * Forgets a partition's state and reads it again from its committed offset and intent, or from
     * {@code fallbackStart} when it has none.
     */
    private void restart(TopicPartition partition, long fallbackStart) {
        forget(List.of(partition));
        rewound.add(partition);
        if (!consumer.assignment().contains(partition)) {
            return;
        }
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        long start = committed == null ? fallbackStart : committed.offset();
        OptionalLong pin = committed == null ? OptionalLong.empty() : RollIntent.parse(committed.metadata());
        batches.put(partition, new PartitionBatch(partition, start, pin));
        consumer.seek(partition, start);
    }

    private void rewind(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
        rewound.add(partition);
    }

    private void start(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long start = offset == null ? consumer.position(partition) : offset.offset();
            OptionalLong pin = offset == null ? OptionalLong.empty() : RollIntent.parse(offset.metadata());
            batches.put(partition, new PartitionBatch(partition, start, pin));
            if (pin.isPresent()) {
                LOGGER.atInfo()
                        .addKeyValue("partition", partition)
                        .addKeyValue("start", start)
                        .addKeyValue("end", pin.getAsLong())
                        .log("resuming an unfinished lake roll");
            }
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
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

    private void discardAll() {
        forget(List.copyOf(batches.keySet()));
        forget(List.copyOf(rolls.keySet()));
    }

    private int openFiles() {
        return batches.values().stream().mapToInt(PartitionBatch::openFiles).sum();
    }

    private void publishGauges() {
        metrics.openFiles(openFiles());
        metrics.uncommitted(
                batches.values().stream().mapToLong(PartitionBatch::uncommitted).sum()
                        + rolls.values().stream()
                                .mapToLong(roll -> roll.end() - roll.start())
                                .sum());
    }

    private Duration pollTimeout() {
        if (failures == 0) {
            return IDLE_POLL;
        }
        Duration untilRetry = Duration.between(clock.instant(), retryAt);
        return untilRetry.isNegative() ? Duration.ZERO : untilRetry.compareTo(IDLE_POLL) > 0 ? IDLE_POLL : untilRetry;
    }

    private static void deleteQuietly(Roll roll) {
        try {
            roll.deleteFiles();
        } catch (IOException e) {
            LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("cannot delete lake spool files");
        }
    }

    /**
     * New partitions start at their committed offset, pinned to an unfinished roll if one is recorded; lost ones are
     * forgotten (after a halt, which stands for a crash, their spool files stay).
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (state != State.HALTED) {
                forget(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            start(partitions);
            if (failures > 0) {
                consumer.pause(partitions);
            }
        }
    }
}
