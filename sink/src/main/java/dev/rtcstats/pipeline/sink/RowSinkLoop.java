package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.common.WireFormatException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches session, feature and time series rows from {@link Topics#SESSIONS}, {@link Topics#FEATURES} and
 * {@link Topics#STATS} into ClickHouse. A batch goes out when it reaches {@code batchRows} or {@code batchInterval}, and offsets move only after the insert
 * was acknowledged. Replays insert the same rows again, which ReplacingMergeTree collapses.
 */
final class RowSinkLoop extends SinkLoop {
    private static final Logger LOGGER = LoggerFactory.getLogger(RowSinkLoop.class);
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    private static final JsonSerde<StatsSeries> STATS = new JsonSerde<>(StatsSeries.class);

    private final String sessionsTopic;
    private final String statsTopic;
    private final RowWriter writer;
    private final SessionRows sessionRows;
    private final FeatureRows featureRows;
    private final int batchRows;
    private final Duration batchInterval;
    private final Map<TopicPartition, List<Row>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> handled = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private int pendingRows;
    private Instant oldest;

    RowSinkLoop(
            Consumer<byte[], byte[]> consumer,
            String sessionsTopic,
            String featuresTopic,
            String statsTopic,
            RowWriter writer,
            SessionRows sessionRows,
            FeatureRows featureRows,
            int batchRows,
            Duration batchInterval,
            Backoff backoff,
            SinkMetrics metrics,
            Clock clock) {
        super(consumer, List.of(sessionsTopic, featuresTopic, statsTopic), backoff, "clickhouse", metrics, clock);
        this.sessionsTopic = sessionsTopic;
        this.statsTopic = statsTopic;
        this.writer = writer;
        this.sessionRows = sessionRows;
        this.featureRows = featureRows;
        this.batchRows = batchRows;
        this.batchInterval = batchInterval;
    }

    @Override
    protected void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            List<Row> rows = toRows(record);
            if (!rows.isEmpty()) {
                pending.computeIfAbsent(partition, key -> new ArrayList<>()).addAll(rows);
                if (pendingRows == 0) {
                    oldest = clock.instant();
                }
                pendingRows += rows.size();
            }
        } catch (RuntimeException e) {
            metrics.poison(record.topic());
            LOGGER.atWarn()
                    .addKeyValue("partition", partition)
                    .addKeyValue("offset", record.offset())
                    .addKeyValue("error", e.getMessage())
                    .log("undecodable record skipped");
        }
        handled.put(partition, record.offset() + 1);
    }

    private List<Row> toRows(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return List.of();
        }
        if (sessionsTopic.equals(record.topic())) {
            SessionRecord session = SESSIONS.fromBytes(record.value());
            requireFormat(session.format(), SessionRecord.FORMAT);
            return List.of(sessionRows.toRow(session));
        }
        if (statsTopic.equals(record.topic())) {
            StatsSeries series = STATS.fromBytes(record.value());
            requireFormat(series.format(), StatsSeries.FORMAT);
            return StatsRows.toRows(series);
        }
        FeatureRecord features = FEATURES.fromBytes(record.value());
        requireFormat(features.format(), FeatureRecord.FORMAT);
        return featureRows.toRows(features);
    }

    private static void requireFormat(int actual, int expected) {
        if (actual != expected) {
            throw new WireFormatException("unsupported record format " + actual + ", expected " + expected);
        }
    }

    @Override
    protected void write(boolean force) throws SQLException {
        if (pendingRows == 0) {
            return;
        }
        boolean due = force || pendingRows >= batchRows || !clock.instant().isBefore(oldest.plus(batchInterval));
        if (!due) {
            return;
        }
        List<Row> batch = new ArrayList<>(pendingRows);
        pending.values().forEach(batch::addAll);
        writer.write(batch);
        Map<String, Integer> perTable = new HashMap<>();
        batch.forEach(row -> perTable.merge(row.table(), 1, Integer::sum));
        perTable.forEach(metrics::rowsWritten);
        metrics.sessionsWritten(perTable.getOrDefault(SessionRows.TABLE, 0));
        LOGGER.atDebug().addKeyValue("rows", batch.size()).log("batch written");
        pending.clear();
        pendingRows = 0;
    }

    @Override
    protected Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        handled.forEach((partition, next) -> {
            boolean written = pending.getOrDefault(partition, List.of()).isEmpty();
            if (written && next > committed.getOrDefault(partition, -1L)) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        return offsets;
    }

    @Override
    protected void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }

    @Override
    protected void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            List<Row> dropped = pending.remove(partition);
            pendingRows -= dropped == null ? 0 : dropped.size();
            handled.remove(partition);
            committed.remove(partition);
        }
    }

    @Override
    protected void publishGauges() {
        metrics.pendingRows(pendingRows);
        long uncommitted = 0;
        for (Map.Entry<TopicPartition, Long> entry : handled.entrySet()) {
            uncommitted += Math.max(0, entry.getValue() - committed.getOrDefault(entry.getKey(), 0L));
        }
        metrics.uncommitted("rows", uncommitted);
    }
}
