package dev.rtcstats.pipeline.sink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The consume, write, commit cycle shared by the blob and row sinks. When the external store fails, the loop pauses
 * every partition, keeps polling (so the group keeps it) and retries with bounded back-off; offsets are committed
 * only for what the store has acknowledged.
 */
abstract class SinkLoop implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SinkLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    protected final Consumer<byte[], byte[]> consumer;
    protected final SinkMetrics metrics;
    protected final Clock clock;
    private final List<String> topics;
    private final Backoff backoff;
    private final String target;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile boolean finished;
    private int failures;
    private Instant retryAt = Instant.MIN;

    SinkLoop(
            Consumer<byte[], byte[]> consumer,
            List<String> topics,
            Backoff backoff,
            String target,
            SinkMetrics metrics,
            Clock clock) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.backoff = backoff;
        this.target = target;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Takes one record into the pending work; must not throw for bad input. */
    protected abstract void handle(ConsumerRecord<byte[], byte[]> record);

    /** Writes what is due to the store; throws when the store fails, keeping the rest for the next attempt. */
    protected abstract void write(boolean force) throws Exception;

    protected abstract Map<TopicPartition, OffsetAndMetadata> committable();

    protected abstract void committed(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Drops the pending work of partitions this consumer no longer owns. */
    protected abstract void forget(Collection<TopicPartition> partitions);

    protected abstract void publishGauges();

    @Override
    public void run() {
        consumer.subscribe(topics, new Rebalance());
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout())) {
                    handle(record);
                }
                tryWrite(false);
                commit();
                publishGauges();
            }
            if (!halted) {
                tryWrite(true);
                commit();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            // Only the local disk or the consumer itself gets here; /healthcheck turns red so the process is replaced.
            LOGGER.atError().addKeyValue("topics", topics).setCause(e).log("sink loop failed");
            throw e;
        } finally {
            finished = true;
            consumer.close();
            LOGGER.atInfo()
                    .addKeyValue("topics", topics)
                    .addKeyValue("halted", halted)
                    .log("sink loop stopped");
        }
    }

    /** Asks the loop to write what it holds, commit and stop; safe from any thread. */
    void stop() {
        running = false;
        if (!finished) {
            consumer.wakeup();
        }
    }

    /** Stops without writing or committing anything more, as a crash would; for tests. */
    void halt() {
        halted = true;
        stop();
    }

    protected boolean halted() {
        return halted;
    }

    private void tryWrite(boolean force) {
        if (halted || clock.instant().isBefore(retryAt)) {
            return;
        }
        try {
            write(force || failures > 0);
            if (failures > 0) {
                LOGGER.atInfo()
                        .addKeyValue("target", target)
                        .addKeyValue("failures", failures)
                        .log("store is back; resuming consumption");
                consumer.resume(consumer.assignment());
                failures = 0;
            }
        } catch (Exception e) {
            failures++;
            metrics.retry(target);
            Duration delay = backoff.delay(failures);
            retryAt = clock.instant().plus(delay);
            consumer.pause(consumer.assignment());
            LOGGER.atWarn()
                    .addKeyValue("target", target)
                    .addKeyValue("failures", failures)
                    .addKeyValue("retryInMs", delay.toMillis())
                    .addKeyValue("error", e.toString())
                    .log("write failed; consumption paused until retry");
        }
    }

    private Duration pollTimeout() {
        if (failures == 0) {
            return IDLE_POLL;
        }
        Duration untilRetry = Duration.between(clock.instant(), retryAt);
        return untilRetry.isNegative() ? Duration.ZERO : untilRetry.compareTo(IDLE_POLL) > 0 ? IDLE_POLL : untilRetry;
    }

    private void commit() {
        if (halted) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = committable();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            committed(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved on: the rebalance callback drops what we no longer own, the rest commits next round.
            LOGGER.atWarn()
                    .addKeyValue("topics", topics)
                    .addKeyValue("error", e.getMessage())
                    .log("commit skipped during rebalance");
        }
    }

    /** Commits what is durable before giving partitions away, and pauses new ones while the store is down. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!halted) {
                tryWrite(false);
                Map<TopicPartition, OffsetAndMetadata> offsets = committable();
                offsets.keySet().retainAll(new HashSet<>(partitions));
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets);
                }
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (failures > 0) {
                Set<TopicPartition> added = new HashSet<>(partitions);
                consumer.pause(added);
            }
        }
    }
}
