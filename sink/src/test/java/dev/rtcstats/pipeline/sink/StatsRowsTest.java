package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.StatsSeries.Sample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class StatsRowsTest {
    private static final long T1 = 1_764_000_000_000L;
    private static final long T2 = T1 + 1_000;

    private final StatsRows rows = new StatsRows(Schemas.stats(), new SinkMetrics(new SimpleMeterRegistry()));

    private static StatsSeries series(List<Sample> samples) {
        return new StatsSeries(StatsSeries.FORMAT, "c-1", "alice", "room", "s1", "acme", T1, 3, samples);
    }

    private List<Map<String, Object>> encode(RowBatch batch, StatsSeries series) {
        ConsumerRecord<byte[], byte[]> input =
                new ConsumerRecord<>("stats", 0, 0, null, SinkFixture.STATS.toBytes(series));
        rows.encode(input, batch.add(input, Instant.EPOCH), batch);
        return RowBinaryReader.rows(batch.tables().iterator().next());
    }

    @Test
    void shouldWriteOneRowPerReportAndTimeWhenAReportHasSeveralValues() {
        // Given: two polls of an inbound stream and a candidate pair; a value given twice keeps the later one
        StatsSeries series = series(List.of(
                new Sample("PC_0", "IT01V1", "inbound-rtp", "bytesReceived", T1, 1000),
                new Sample("PC_0", "IT01V1", "inbound-rtp", "packetsReceived", T1, 10),
                new Sample("PC_0", "CP1", "candidate-pair", "currentRoundTripTime", T1, 0.05),
                new Sample("PC_0", "IT01V1", "inbound-rtp", "bytesReceived", T2, 2000),
                new Sample("PC_0", "IT01V1", "inbound-rtp", "bytesReceived", T1, 1100)));
        RowBatch batch = new RowBatch();

        // When
        List<Map<String, Object>> written = encode(batch, series);

        // Then
        assertThat(written)
                .extracting(row -> row.get("report_id"), row -> row.get("ts"), row -> row.get("metrics"))
                .containsExactly(
                        tuple("IT01V1", T1, Map.of("bytesReceived", 1100.0, "packetsReceived", 10.0)),
                        tuple("CP1", T1, Map.of("currentRoundTripTime", 0.05)),
                        tuple("IT01V1", T2, Map.of("bytesReceived", 2000.0)));
        assertThat(written.getFirst())
                .containsEntry("tenant", "acme")
                .containsEntry("connection_id", "c-1")
                .containsEntry("peer_connection", "PC_0")
                .containsEntry("type", "inbound-rtp")
                .containsEntry("version", 3L);
        assertThat(batch.deadLetters()).isEmpty();
    }

    @Test
    void shouldLeaveOutAValueAndDeadLetterTheRecordWhenAMetricNameIsTooLong() {
        // Given
        String longName = "m".repeat(TextValues.MAX_KEY_BYTES + 1);
        StatsSeries series = series(List.of(
                new Sample("PC_0", "IT01V1", "inbound-rtp", "bytesReceived", T1, 1000),
                new Sample("PC_0", "IT01V1", "inbound-rtp", longName, T1, 1)));
        RowBatch batch = new RowBatch();

        // When
        List<Map<String, Object>> written = encode(batch, series);

        // Then
        assertThat(written)
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("metrics", Map.of("bytesReceived", 1000.0)));
        assertThat(batch.deadLetters())
                .singleElement()
                .satisfies(letter -> assertThat(letter.reason()).isEqualTo(SinkDeadLetterReason.INVALID_VALUE));
    }
}
