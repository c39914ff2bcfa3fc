package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BatchWriterTest {
    private static final TableSchema TABLE = Schemas.table("t", "name", "String");

    /** A ClickHouse stand-in that refuses any insert containing a name that starts with "bad". */
    private final List<String> inserted = new ArrayList<>();

    private int attempts;

    private void insert(String table, List<String> columns, byte[] data, int offset, int length) throws Exception {
        attempts++;
        TableBatch copy = new TableBatch(TABLE);
        RowBinary out = copy.beginRow(0);
        out.raw(data, offset, length);
        copy.endRow();
        List<String> names = RowBinaryReader.rows(copy).stream()
                .map(row -> (String) row.get("name"))
                .toList();
        if (names.stream().anyMatch(name -> name.startsWith("bad"))) {
            throw new PermanentInsertException(469, "Code: 469. VIOLATED_CONSTRAINT", null);
        }
        inserted.addAll(names);
    }

    private static RowBatch batch(String... names) {
        RowBatch batch = new RowBatch();
        for (String name : names) {
            int index = batch.add(
                    new ConsumerRecord<>("topic", 0, batch.rows(), null, name.getBytes(StandardCharsets.UTF_8)),
                    Instant.EPOCH);
            TableBatch table = batch.table(TABLE);
            TextValues.text(table.beginRow(index), TABLE.columns().getFirst(), name, check -> {});
            table.endRow();
        }
        return batch;
    }

    @Test
    void shouldInsertEveryGoodRecordAndReturnTheRefusedOnesWhenClickHouseRefusesTheBatch() throws Exception {
        // Given
        BatchWriter writer = new BatchWriter(this::insert, new SinkMetrics(new SimpleMeterRegistry()));
        RowBatch batch = batch("a", "b", "bad-1", "c", "d", "e", "bad-2", "f");

        // When
        List<BatchWriter.Refusal> refused = writer.write(batch);

        // Then
        assertThat(refused).extracting(BatchWriter.Refusal::record).containsExactly(2, 6);
        assertThat(inserted).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
    }

    @Test
    void shouldSkipWhatWasInsertedWhenATransientFailureInterruptsTheSplit() throws Exception {
        // Given
        BatchWriter writer = new BatchWriter(this::insert, new SinkMetrics(new SimpleMeterRegistry()));
        RowBatch batch = batch("a", "b", "c", "bad");

        // When: the first try inserts the first half, then the connection fails
        BatchWriter failing = new BatchWriter(
                (table, columns, data, offset, length) -> {
                    if (attempts >= 2) {
                        attempts++;
                        throw new IOException("connection reset");
                    }
                    insert(table, columns, data, offset, length);
                },
                new SinkMetrics(new SimpleMeterRegistry()));
        assertThatThrownBy(() -> failing.write(batch)).isInstanceOf(IOException.class);
        List<BatchWriter.Refusal> refused = writer.write(batch);

        // Then
        assertThat(inserted).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(refused).extracting(BatchWriter.Refusal::record).containsExactly(3);
    }
}
