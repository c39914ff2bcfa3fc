package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FeatureRowsTest {
    private static final JsonSerde<FeatureRecord> SERDE = new JsonSerde<>(FeatureRecord.class);

    private static ConsumerRecord<byte[], byte[]> record(Map<String, Object> client, List<Map<String, Object>> tracks) {
        FeatureRecord features = new FeatureRecord(
                FeatureRecord.FORMAT,
                "c-1",
                null,
                "room",
                "s",
                "acme",
                1_758_602_115_667L,
                7,
                Map.of(),
                client,
                List.of(),
                tracks);
        return new ConsumerRecord<>("features", 0, 0, "c-1".getBytes(), SERDE.toBytes(features));
    }

    @Test
    void shouldMapCamelCaseKeysOntoSnakeCaseColumnsWithKeysFromTheRecord() {
        // Given
        SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry());
        TableSchema client = Schemas.features(
                FeatureRows.CLIENT, "called_get_user_media", "Nullable(Bool)", "session_length", "Nullable(Int64)");
        FeatureRows rows = new FeatureRows(Map.of(FeatureRows.CLIENT, client), metrics);
        RowBatch batch = new RowBatch();
        ConsumerRecord<byte[], byte[]> input =
                record(Map.of("calledGetUserMedia", true, "version", 99, "unknownThing", 1), List.of());

        // When
        rows.encode(input, batch.add(input, java.time.Instant.EPOCH), batch);

        // Then
        assertThat(batch.tables())
                .singleElement()
                .satisfies(table -> assertThat(RowBinaryReader.rows(table))
                        .singleElement()
                        .satisfies(row -> assertThat(row)
                                .containsEntry("called_get_user_media", true)
                                .containsEntry("version", 7L)
                                .containsEntry("user", "")
                                .containsEntry("session_start", 1_758_602_115_667L)
                                .containsEntry("session_length", null)));
        assertThat(metrics.registry()
                        .get("rtcstats.sink.unknown.feature.keys")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldFillMissingIdentifiersWithEmptyStringsWhenATrackLacksThem() {
        // Given
        TableSchema track = Schemas.features(
                FeatureRows.TRACK,
                "connection_identifier",
                "String",
                "track_identifier",
                "String",
                "psnr_sum_y",
                "Nullable(Float64)");
        FeatureRows rows =
                new FeatureRows(Map.of(FeatureRows.TRACK, track), new SinkMetrics(new SimpleMeterRegistry()));
        RowBatch batch = new RowBatch();
        ConsumerRecord<byte[], byte[]> input = record(Map.of(), List.of(Map.of("psnrSumY", 1.5)));

        // When
        rows.encode(input, batch.add(input, java.time.Instant.EPOCH), batch);

        // Then: no client table, so only the track row
        assertThat(batch.tables())
                .singleElement()
                .satisfies(table -> assertThat(RowBinaryReader.rows(table))
                        .singleElement()
                        .satisfies(row -> assertThat(row)
                                .containsEntry("connection_identifier", "")
                                .containsEntry("track_identifier", "")
                                .containsEntry("psnr_sum_y", 1.5)));
    }
}
