package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.FeatureRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureRowsTest {
    private static final Map<String, String> KEYS = Map.of(
            "tenant",
            "LowCardinality(String)",
            "conference",
            "String",
            "user",
            "String",
            "session",
            "String",
            "connection_id",
            "String",
            "session_start",
            "DateTime64(3, 'UTC')",
            "version",
            "UInt64");

    private static Map<String, String> columns(Map<String, String> extra) {
        Map<String, String> columns = new LinkedHashMap<>(KEYS);
        columns.putAll(extra);
        return columns;
    }

    private static FeatureRecord record(Map<String, Object> client, List<Map<String, Object>> tracks) {
        return new FeatureRecord(
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
    }

    @Test
    void shouldMapCamelCaseKeysOntoSnakeCaseColumnsWithKeysFromTheRecord() {
        // Given
        SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry());
        FeatureRows rows = new FeatureRows(
                Map.of(
                        FeatureRows.CLIENT,
                        columns(Map.of(
                                "called_get_user_media", "Nullable(Bool)", "session_length", "Nullable(Int64)"))),
                metrics);

        // When
        List<Row> mapped =
                rows.toRows(record(Map.of("calledGetUserMedia", true, "version", 99, "unknownThing", 1), List.of()));

        // Then
        assertThat(mapped).singleElement().satisfies(row -> {
            assertThat(row.table()).isEqualTo("features_client");
            assertThat(row.values())
                    .containsEntry("called_get_user_media", true)
                    .containsEntry("version", 7L)
                    .containsEntry("user", "")
                    .containsEntry("session_start", "2025-09-23 04:35:15.667")
                    .doesNotContainKey("unknown_thing")
                    .doesNotContainKey("session_length");
        });
        assertThat(metrics.registry().get("sink_unknown_feature_keys").counter().count())
                .isEqualTo(1);
    }

    @Test
    void shouldFillMissingIdentifiersWithEmptyStringsWhenATrackLacksThem() {
        // Given
        FeatureRows rows = new FeatureRows(
                Map.of(
                        FeatureRows.TRACK,
                        columns(Map.of(
                                "connection_identifier",
                                "String",
                                "track_identifier",
                                "String",
                                "psnr_sum_y",
                                "Nullable(Float64)"))),
                new SinkMetrics(new SimpleMeterRegistry()));

        // When
        List<Row> mapped = rows.toRows(record(Map.of(), List.of(Map.of("psnrSumY", 1.5))));

        // Then: no client table, so only the track row
        assertThat(mapped)
                .singleElement()
                .satisfies(row -> assertThat(row.values())
                        .containsEntry("connection_identifier", "")
                        .containsEntry("track_identifier", "")
                        .containsEntry("psnr_sum_y", 1.5));
    }
}
