package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.GroupMembership;
import dev.rtcstats.pipeline.sink.lake.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume, write, commit cycle around one {@link RecordSink}. When the store fails, the loop pauses every
 * partition, keeps polling (so the group keeps them) and retries with bounded back-off; it commits only what the
 * sink reports durable, and tracks how old its oldest uncommitted record is ({@link LoopProgress}).
 */
final class ConsumerLoop implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    /** The loop's lifecycle; {@code HALTED} is a simulated crash for tests (nothing written or committed). */
    enum State {
        NEW,
        RUNNING,
        STOPPING,
        HALTED,
        STOPPED,
        FAILED
    }

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final RecordSink sink;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final LoopProgress progress = new LoopProgress();
    private final CommittedOffsets offsets;
    private volatile State state = State.NEW;
    private volatile Instant deadline = Instant.MAX;
    private final RetrySchedule retries;

    ConsumerLoop(
            String name,
            Consumer<byte[], byte[]> consumer,
            Collection<String> topics,
            RecordSink sink,
            Backoff backoff,
            SinkMetrics metrics,
            Clock clock) {
        this.name = name;
        this.consumer = consumer;
        this.offsets = new CommittedOffsets(consumer);
        this.topics = List.copyOf(topics);
        this.sink = sink;
        this.retries = new RetrySchedule(backoff::delay, clock, IDLE_POLL);
        this.metrics = metrics;
        this.clock = clock;
        metrics.loop(
                name,
                progress::uncommitted,
                () -> progress.oldestAge(clock.instant()).toMillis() / 1000.0);
    }

    @Override
    public void run() {
        state = State.RUNNING;
        try {
            consumer.subscribe(topics, new Rebalance());
            while (state == State.RUNNING) {
                cycle();
            }
            if (state == State.STOPPING && clock.instant().isBefore(deadline)) {
                tryFlush(true);
                commit();
            }
        } catch (RuntimeException e) {
            // Only the local disk or the consumer itself gets here; /healthcheck turns red so the process is replaced.
            state = State.FAILED;
            LOGGER.atError().addKeyValue("loop", name).setCause(e).log("sink loop failed");
            throw e;
        } finally {
            Duration left = Duration.between(clock.instant(), deadline);
            consumer.close(GroupMembership.onClose(state == State.HALTED)
                    .withTimeout(left.isNegative() ? Duration.ZERO : min(left, Duration.ofSeconds(30))));
            if (state != State.FAILED && state != State.HALTED) {
                state = State.STOPPED;
            }
            LOGGER.atInfo()
                    .addKeyValue("loop", name)
                    .addKeyValue("state", state)
                    .log("sink loop stopped");
        }
    }

    private void cycle() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(retries.pollTimeout());
        } catch (WakeupException e) {
            return; // stop() or halt() changed the state
        }
        if (!records.isEmpty()) {
            progress.polled(records, clock.instant());
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            sink.accept(record);
        }
        tryFlush(false);
        commit();
        sink.publishGauges();
    }

    String name() {
        return name;
    }

    State state() {
        return state;
    }

    boolean running() {
        return state == State.RUNNING || state == State.NEW;
    }

    LoopProgress progress() {
        return progress;
    }

    /** Asks the loop to write what it holds and commit before {@code until}, then stop; safe from any thread. */
    void stop(Instant until) {
        deadline = until;
        if (state == State.RUNNING || state == State.NEW) {
            state = State.STOPPING;
        }
        consumer.wakeup();
    }

    /** Stops without writing or committing anything more, as a crash would; for tests. */
    void halt() {
        state = State.HALTED;
        consumer.wakeup();
    }

    private void tryFlush(boolean force) {
        if (state == State.HALTED || retries.isWaiting()) {
            return;
        }
        try {
            int failures = retries.failures();
            sink.flush(force || failures > 0);
            if (retries.recovered()) {
                LOGGER.atInfo()
                        .addKeyValue("loop", name)
                        .addKeyValue("failures", failures)
                        .log("store is back; resuming consumption");
                consumer.resume(consumer.assignment());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = state == State.RUNNING ? State.STOPPING : state;
        } catch (Exception e) {
            metrics.retry(name);
            Duration delay = retries.failed();
            consumer.pause(consumer.assignment());
            LOGGER.atWarn()
                    .addKeyValue("loop", name)
                    .addKeyValue("failures", retries.failures())
                    .addKeyValue("retryInMs", delay.toMillis())
                    .addKeyValue("error", e.toString())
                    .log("write failed; consumption paused until retry");
        }
    }

    private void commit() {
        commit(null);
    }

    /** Commits the durable offsets (of {@code only}, when not null) that moved. */
    private void commit(Collection<TopicPartition> only) {
        if (state == State.HALTED) {
            return;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        try {
            progress.committed(offsets.commit(
                    sink.durableOffsets(),
                    only,
                    min(left.isNegative() ? Duration.ZERO : left, Duration.ofSeconds(30))));
        } catch (KafkaException e) {
            // The group moved on or the broker is away: the rebalance callback drops what we no longer own, and
            // what stays is committed next round.
            LOGGER.atWarn()
                    .addKeyValue("loop", name)
                    .addKeyValue("error", e.toString())
                    .log("commit skipped");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Commits what is durable before giving partitions away, and pauses new ones while the store is down. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (state != State.HALTED) {
                tryFlush(true);
                commit(partitions);
            }
            lose(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lose(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retries.isFailing()) {
                consumer.pause(partitions);
            }
        }

        private void lose(Collection<TopicPartition> partitions) {
            Set<TopicPartition> reread = sink.drop(partitions);
            offsets.forget(partitions);
            progress.forget(partitions);
            progress.forget(reread);
            offsets.rewind(reread);
        }
    }
}
