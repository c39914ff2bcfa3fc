package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.StatsSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSpoolFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryValueWithZstdDictionariesAndUtcMillisTimestamps() throws Exception {
        // Given
        List<StatsSeries.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            samples.add(new StatsSeries.Sample(
                    "PC_0", "RTCOutboundRTPVideoStream_" + (i % 3), "outbound-rtp", "bytesSent", 1_000L * i, 1.5 * i));
        }
        StatsSeries series = new StatsSeries(
                StatsSeries.FORMAT, "c-1", "alice", "room-1", null, "acme", 1_758_602_115_667L, 2, samples);
        Path path = dir.resolve("stats.parquet");

        // When
        try (ParquetSpoolFile file = new ParquetSpoolFile(path, StatsTable.SCHEMA, 1024 * 1024, 3)) {
            for (LakeRow row : StatsTable.rows(series)) {
                file.write(row);
            }
        }

        // Then
        List<Map<String, Object>> rows = ParquetRows.read(path);
        assertThat(rows).hasSize(1_000);
        assertThat(rows.get(7))
                .containsEntry("tenant", "acme")
                .containsEntry("conference", "room-1")
                .containsEntry("session", "")
                .containsEntry("connection_id", "c-1")
                .containsEntry("session_start", 1_758_602_115_667L)
                .containsEntry("report_id", "RTCOutboundRTPVideoStream_1")
                .containsEntry("metric", "bytesSent")
                .containsEntry("ts", 7_000L)
                .containsEntry("value", 10.5)
                .containsEntry("version", 2L);
        ParquetMetadata footer = ParquetRows.footer(path);
        MessageType schema = footer.getFileMetaData().getSchema();
        assertThat(schema.getType("ts").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(schema.getType("metric").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
        assertThat(schema.getFields()).allMatch(field -> field.isRepetition(Type.Repetition.REQUIRED));
        ColumnChunkMetaData metric = footer.getBlocks().getFirst().getColumns().get(8);
        assertThat(metric.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
        assertThat(metric.getEncodingStats().hasDictionaryEncodedPages()).isTrue();
        assertThat(footer.getFileMetaData().getKeyValueMetaData()).containsEntry("rtcstats.table", "stats_timeseries");
    }

    @Test
    void shouldWriteNullsOnlyIntoNullableColumns() throws Exception {
        // Given
        LakeSchema schema = new LakeSchema(
                "t", List.of(LakeColumn.required("id", LakeType.STRING), LakeColumn.nullable("x", LakeType.DOUBLE)));
        Path path = dir.resolve("t.parquet");

        // When
        try (ParquetSpoolFile file = new ParquetSpoolFile(path, schema, 1024 * 1024, 3)) {
            file.write(new LakeRow(schema, "", LakeRow.day(0), new Object[] {"a", null}));
            file.write(new LakeRow(schema, "", LakeRow.day(0), new Object[] {"b", 2.0}));
        }

        // Then
        assertThat(ParquetRows.read(path)).containsExactly(mapOf("id", "a", "x", null), mapOf("id", "b", "x", 2.0));
        assertThat(Files.size(path)).isPositive();
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
