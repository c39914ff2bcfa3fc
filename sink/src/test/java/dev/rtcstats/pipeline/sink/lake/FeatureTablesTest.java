package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.FeatureRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureTablesTest {
    private static final Map<String, String> TRACK_COLUMNS = columns(
            "tenant", "LowCardinality(String)",
            "conference", "String",
            "user", "String",
            "session", "String",
            "connection_id", "String",
            "session_start", "DateTime64(3, 'UTC')",
            "version", "UInt64",
            "connection_identifier", "String",
            "track_identifier", "String",
            "psnr_sum_y", "Nullable(Float64)",
            "frame_count", "Nullable(Int64)",
            "power_efficient_decoder", "Nullable(Bool)",
            "start_time", "Nullable(DateTime64(3, 'UTC'))",
            "kind", "Nullable(String)");

    @Test
    void shouldMirrorClickHouseColumnsWithFeaturesNullable() {
        // Given
        FeatureTables tables = new FeatureTables(Map.of(FeatureTables.TRACK, TRACK_COLUMNS));

        // When
        LakeSchema schema = tables.schema(FeatureTables.TRACK);

        // Then
        assertThat(schema.columns()).extracting(LakeColumn::name).containsExactlyElementsOf(TRACK_COLUMNS.keySet());
        assertThat(schema.columns().get(5)).isEqualTo(LakeColumn.required("session_start", LakeType.TIMESTAMP_MILLIS));
        assertThat(schema.columns().get(8)).isEqualTo(LakeColumn.required("track_identifier", LakeType.STRING));
        assertThat(schema.columns().subList(9, 14))
                .containsExactly(
                        LakeColumn.nullable("psnr_sum_y", LakeType.DOUBLE),
                        LakeColumn.nullable("frame_count", LakeType.INT64),
                        LakeColumn.nullable("power_efficient_decoder", LakeType.BOOLEAN),
                        LakeColumn.nullable("start_time", LakeType.TIMESTAMP_MILLIS),
                        LakeColumn.nullable("kind", LakeType.STRING));
        assertThat(tables.schema(FeatureTables.CLIENT)).isNull();
    }

    @Test
    void shouldMapFeaturesOntoColumnsAndLeaveUnknownKeysOut() {
        // Given
        FeatureTables tables = new FeatureTables(Map.of(FeatureTables.TRACK, TRACK_COLUMNS));
        Map<String, Object> track = new LinkedHashMap<>();
        track.put("connectionIdentifier", "PC_0");
        track.put("trackIdentifier", "t1");
        track.put("psnrSumY", 12.5);
        track.put("frameCount", 300);
        track.put("powerEfficientDecoder", true);
        track.put("startTime", 1_758_602_115_670L);
        track.put("notAColumn", "x");
        track.put("tenant", "other");
        FeatureRecord record = new FeatureRecord(
                FeatureRecord.FORMAT,
                "c-1",
                null,
                "room",
                "s1",
                "acme",
                1_758_602_115_667L,
                3,
                Map.of("origin", "o"),
                Map.of("duration", 1),
                List.of(),
                List.of(track));

        // When
        List<LakeRow> rows = tables.rows(record);

        // Then
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.tenant()).isEqualTo("acme");
            assertThat(row.date()).hasToString("2025-09-23");
            assertThat(row.values())
                    .containsExactly(
                            "acme",
                            "room",
                            "",
                            "s1",
                            "c-1",
                            1_758_602_115_667L,
                            3L,
                            "PC_0",
                            "t1",
                            12.5,
                            300L,
                            true,
                            1_758_602_115_670L,
                            null);
        });
    }

    @Test
    void shouldConvertValuesAsClickHouseWouldOnInsert() {
        // Then
        assertThat(FeatureValues.convert(1, LakeType.BOOLEAN)).isEqualTo(true);
        assertThat(FeatureValues.convert("false", LakeType.BOOLEAN)).isEqualTo(false);
        assertThat(FeatureValues.convert(true, LakeType.INT64)).isEqualTo(1L);
        assertThat(FeatureValues.convert("42", LakeType.INT64)).isEqualTo(42L);
        assertThat(FeatureValues.convert("forty-two", LakeType.INT64)).isNull();
        assertThat(FeatureValues.convert(3, LakeType.DOUBLE)).isEqualTo(3.0);
        assertThat(FeatureValues.convert(Map.of("a", 1), LakeType.STRING)).isEqualTo("{\"a\":1}");
        assertThat(FeatureValues.convert("2025-09-23T04:35:15.667Z", LakeType.TIMESTAMP_MILLIS))
                .isEqualTo(1_758_602_115_667L);
    }

    private static Map<String, String> columns(String... namesAndTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return columns;
    }
}
