package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
    private final List<ValueCheck> adjusted = new ArrayList<>();

    private Object roundTrip(String type, boolean key, Object value) {
        TableSchema schema = new TableSchema("t", List.of(new Column("c", ColumnType.parse(type), key)));
        TableBatch table = new TableBatch(schema);
        RowBinary out = table.beginRow(0);
        Values.write(out, schema.columns().getFirst(), value, adjusted::add);
        table.endRow();
        return RowBinaryReader.rows(table).getFirst().get("c");
    }

    @Test
    void shouldMakeAnOutOfRangeTimeNullWhenTheColumnIsNullable() {
        // Given / When
        Object value = roundTrip("Nullable(DateTime64(3, 'UTC'))", false, 1e300);

        // Then
        assertThat(value).isNull();
        assertThat(adjusted).containsExactly(ValueCheck.DATETIME_RANGE);
    }

    @Test
    void shouldClampAnOutOfRangeTimeWhenTheColumnHasNoNull() {
        // Given
        TableSchema schema = Schemas.table("t", "end", "DateTime64(3, 'UTC')");
        TableBatch table = new TableBatch(schema);

        // When
        Values.dateTime(table.beginRow(0), schema.columns().getFirst(), Long.MAX_VALUE, adjusted::add);
        table.endRow();

        // Then
        assertThat(RowBinaryReader.rows(table).getFirst().get("end")).isEqualTo(Values.MAX_DATETIME_MS);
        assertThat(adjusted).containsExactly(ValueCheck.DATETIME_RANGE);
    }

    @Test
    void shouldRejectTheRowWhenAKeyTimeIsOutOfRange() {
        // Given
        Column key = new Column("session_start", ColumnType.parse("DateTime64(3, 'UTC')"), true);

        // When / Then
        assertThatThrownBy(() -> Values.dateTime(new RowBinary(16), key, -9_000_000_000_000_000L, adjusted::add))
                .isInstanceOf(RejectedValue.class)
                .hasMessageContaining("datetime-range");
    }

    @Test
    void shouldMakeOverflowingAndNonFiniteNumbersNull() {
        // Given / When / Then
        assertThat(roundTrip("Nullable(Int64)", false, 1e30)).isNull();
        assertThat(roundTrip("Nullable(Int64)", false, new BigInteger("99999999999999999999")))
                .isNull();
        assertThat(roundTrip("Nullable(UInt16)", false, 70_000)).isNull();
        assertThat(roundTrip("Nullable(Float64)", false, Double.NaN)).isNull();
        assertThat(roundTrip("Nullable(Float64)", false, "Infinity")).isNull();
        assertThat(roundTrip("Nullable(Int64)", false, "not a number")).isNull();
        assertThat(adjusted)
                .containsExactly(
                        ValueCheck.INTEGER_RANGE,
                        ValueCheck.INTEGER_RANGE,
                        ValueCheck.INTEGER_RANGE,
                        ValueCheck.NOT_FINITE,
                        ValueCheck.NOT_FINITE,
                        ValueCheck.WRONG_TYPE);
    }

    @Test
    void shouldClampAnIntegerWhenTheColumnHasNoNull() {
        // Given
        TableSchema schema = Schemas.table("t", "close_code", "UInt16", "count", "UInt64");
        TableBatch table = new TableBatch(schema);

        // When
        RowBinary out = table.beginRow(0);
        Values.integer(out, schema.columns().get(0), 70_000, adjusted::add);
        Values.integer(out, schema.columns().get(1), -5, adjusted::add);
        table.endRow();

        // Then
        assertThat(RowBinaryReader.rows(table).getFirst())
                .containsEntry("close_code", 65_535L)
                .containsEntry("count", 0L);
        assertThat(adjusted).containsExactly(ValueCheck.INTEGER_RANGE, ValueCheck.INTEGER_RANGE);
    }

    @Test
    void shouldReplaceUnpairedSurrogatesAndKeepValidText() {
        // Given / When
        Object broken = roundTrip("String", false, "a\uD800b");
        Object valid = roundTrip("String", false, "Ü \uD83D\uDE00 \"O'Brien\"\t");

        // Then
        assertThat(broken).isEqualTo("a\uFFFDb");
        assertThat(valid).isEqualTo("Ü \uD83D\uDE00 \"O'Brien\"\t");
        assertThat(adjusted).containsExactly(ValueCheck.INVALID_UTF8);
    }

    @Test
    void shouldCutLongTextAtACharacterBoundaryAndRejectLongKeys() {
        // Given
        String huge = "é".repeat(TextValues.MAX_TEXT_BYTES);

        // When
        Object cut = roundTrip("Nullable(String)", false, huge);

        // Then
        assertThat(cut).asString().hasSize(TextValues.MAX_TEXT_BYTES / 2);
        assertThatThrownBy(() -> roundTrip("String", true, "x".repeat(TextValues.MAX_KEY_BYTES + 1)))
                .isInstanceOf(RejectedValue.class)
                .hasMessageContaining("string-too-long");
    }

    @Test
    void shouldWriteObjectsAsJsonAndConvertBooleans() {
        // Given / When / Then
        assertThat(roundTrip("Nullable(String)", false, Map.of("platform", List.of("Linux"))))
                .isEqualTo("{\"platform\":[\"Linux\"]}");
        assertThat(roundTrip("Nullable(UInt8)", false, true)).isEqualTo(1L);
        assertThat(roundTrip("Nullable(Bool)", false, 1)).isEqualTo(true);
        assertThat(roundTrip("Nullable(DateTime64(3, 'UTC'))", false, 1_758_602_115_670L))
                .isEqualTo(1_758_602_115_670L);
        assertThat(roundTrip("Nullable(Array(String))", false, List.of("x"))).isNull();
    }
}
