package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the row loop holds between two inserts: the input records (kept for dead letters), their rows per table,
 * and the dead letters found so far. Cleared after ClickHouse acknowledged every row and Kafka every dead letter.
 */
final class RowBatch {
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Map<String, TableBatch> tables = new LinkedHashMap<>();
    private final List<DeadLetters.Letter> deadLetters = new ArrayList<>();
    private final Set<Integer> deadLettered = new HashSet<>();
    private Instant oldest;
    private long inputBytes;

    /** Adds an input record and returns its index for {@link TableBatch#beginRow}. */
    int add(ConsumerRecord<byte[], byte[]> record, Instant now) {
        if (records.isEmpty() && deadLetters.isEmpty()) {
            oldest = now;
        }
        records.add(record);
        inputBytes += record.serializedValueSize() < 0 ? 0 : record.serializedValueSize();
        return records.size() - 1;
    }

    TableBatch table(TableSchema schema) {
        TableBatch table = tables.get(schema.table());
        if (table == null) {
            table = new TableBatch(schema);
            tables.put(schema.table(), table);
        } else if (table.schema() != schema) {
            throw new IllegalStateException("two schemas for table " + schema.table());
        }
        return table;
    }

    Collection<TableBatch> tables() {
        return tables.values();
    }

    /** Dead-letters the record at {@code index}, once, whatever happened to its other rows. */
    void deadLetter(int index, SinkDeadLetterReason reason, Throwable cause) {
        if (deadLettered.add(index)) {
            deadLetters.add(DeadLetters.Letter.of(DeadLetter.Stage.SINK_ROWS, reason, cause, records.get(index)));
        }
    }

    List<DeadLetters.Letter> deadLetters() {
        return deadLetters;
    }

    boolean isEmpty() {
        return records.isEmpty() && deadLetters.isEmpty();
    }

    int rows() {
        int rows = 0;
        for (TableBatch table : tables.values()) {
            rows += table.rows();
        }
        return rows;
    }

    /** Encoded rows plus the input records kept for dead letters: what the batch holds in memory. */
    long bytes() {
        long bytes = inputBytes;
        for (TableBatch table : tables.values()) {
            bytes += table.bytes();
        }
        return bytes;
    }

    Instant oldest() {
        return oldest;
    }

    void clear() {
        records.clear();
        tables.clear();
        deadLetters.clear();
        deadLettered.clear();
        inputBytes = 0;
        oldest = null;
    }
}
