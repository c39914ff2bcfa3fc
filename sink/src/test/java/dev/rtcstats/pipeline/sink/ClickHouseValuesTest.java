package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseValuesTest {
    @Test
    void shouldWriteEpochMillisAsUtcTextWhenTheColumnIsADateTime() {
        // Given / When
        Object value = ClickHouseValues.convert(1758602115670L, "Nullable(DateTime64(3, 'UTC'))");

        // Then
        assertThat(value).isEqualTo("2025-09-23 04:35:15.670");
    }

    @Test
    void shouldWriteBooleansAsNumbersWhenTheColumnIsNumeric() {
        // Given / When / Then
        assertThat(ClickHouseValues.convert(true, "Nullable(UInt8)")).isEqualTo(1);
        assertThat(ClickHouseValues.convert(1, "Bool")).isEqualTo(true);
    }

    @Test
    void shouldWriteObjectsAsJsonWhenTheColumnIsAString() {
        // Given / When
        Object value = ClickHouseValues.convert(Map.of("platform", List.of("Linux")), "Nullable(String)");

        // Then
        assertThat(value).isEqualTo("{\"platform\":[\"Linux\"]}");
    }

    @Test
    void shouldUnwrapNullableAndLowCardinality() {
        // Given / When / Then
        assertThat(ClickHouseValues.baseType("Nullable(LowCardinality(String))"))
                .isEqualTo("String");
    }
}
