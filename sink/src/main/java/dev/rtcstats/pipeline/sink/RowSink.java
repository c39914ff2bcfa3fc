package dev.rtcstats.pipeline.sink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Batches session, feature and time series rows into ClickHouse, each topic through its own {@link RowEncoder}.
 * A batch goes out when it reaches {@link BatchSettings#rows()}, {@link BatchSettings#bytes()} or
 * {@link BatchSettings#interval()}; offsets move only after ClickHouse acknowledged its rows and Kafka its dead
 * letters. Replays insert the same rows again, which ReplacingMergeTree collapses.
 */
final class RowSink implements RecordSink {
    private final Map<String, RowEncoder> routes;
    private final BatchWriter writer;
    private final DeadLetters deadLetters;
    private final BatchSettings settings;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final RowBatch batch = new RowBatch();
    private final Map<TopicPartition, Long> handled = new HashMap<>();
    private final Map<TopicPartition, Long> durable = new HashMap<>();
    private final AtomicLong pendingRows;

    /**
     * @param name   the loop's name, on its metrics
     * @param routes the encoder of each input topic; the loop subscribes to exactly these topics
     */
    RowSink(
            String name,
            Map<String, RowEncoder> routes,
            BatchWriter writer,
            DeadLetters deadLetters,
            BatchSettings settings,
            SinkMetrics metrics,
            Clock clock) {
        this.routes = Map.copyOf(routes);
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.pendingRows = metrics.pendingRows(name);
    }

    Set<String> topics() {
        return routes.keySet();
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record) {
        RowEncoder encoder = routes.get(record.topic());
        if (encoder == null) {
            throw new IllegalStateException("no encoder for subscribed topic " + record.topic());
        }
        if (record.value() != null) {
            int index = batch.add(record, clock.instant());
            try {
                encoder.encode(record, index, batch);
            } catch (RowEncoder.UnsupportedFormat e) {
                batch.deadLetter(index, SinkDeadLetterReason.UNSUPPORTED_FORMAT, e);
            } catch (RuntimeException e) {
                batch.deadLetter(index, SinkDeadLetterReason.UNDECODABLE, e);
            }
        }
        handled.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }

    @Override
    public void flush(boolean force) throws Exception {
        if (!batch.isEmpty() && (force || due())) {
            Instant started = clock.instant();
            for (BatchWriter.Refusal refusal : writer.write(batch)) {
                batch.deadLetter(refusal.record(), SinkDeadLetterReason.REJECTED_BY_CLICKHOUSE, refusal.cause());
            }
            Instant written = clock.instant();
            metrics.batchWritten(Duration.between(batch.oldest(), written), Duration.between(started, written));
            deadLetters.send(batch.deadLetters());
            batch.clear();
        }
        if (batch.isEmpty()) {
            durable.putAll(handled);
        }
    }

    private boolean due() {
        return batch.rows() >= settings.rows()
                || batch.bytes() >= settings.bytes()
                || !clock.instant().isBefore(batch.oldest().plus(settings.interval()));
    }

    @Override
    public Map<TopicPartition, Long> durableOffsets() {
        return Map.copyOf(durable);
    }

    @Override
    public Set<TopicPartition> drop(Collection<TopicPartition> revoked) {
        Set<TopicPartition> reread = new HashSet<>();
        if (!batch.isEmpty()) {
            // Rows of every partition share the buffers: drop them all and re-read the partitions we keep.
            batch.clear();
            for (TopicPartition partition : handled.keySet()) {
                if (!revoked.contains(partition) && !handled.get(partition).equals(durable.get(partition))) {
                    reread.add(partition);
                }
            }
        }
        for (TopicPartition partition : List.copyOf(handled.keySet())) {
            if (revoked.contains(partition) || reread.contains(partition)) {
                handled.remove(partition);
                durable.remove(partition);
            }
        }
        return reread;
    }

    @Override
    public void publishGauges() {
        pendingRows.set(batch.rows());
    }
}
