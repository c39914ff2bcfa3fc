package dev.rtcstats.pipeline.sink;

import java.util.function.Function;
import java.util.function.ToLongFunction;

/** How one column of a table is filled from a record of type {@code T}. */
@FunctionalInterface
interface Field<T> {
    void write(RowBinary out, Column column, T record, Values.Adjustments adjustments);

    static <T> Field<T> text(Function<T, String> value) {
        return (out, column, record, adjustments) -> TextValues.text(out, column, value.apply(record), adjustments);
    }

    static <T> Field<T> time(ToLongFunction<T> epochMillis) {
        return (out, column, record, adjustments) ->
                Values.dateTime(out, column, epochMillis.applyAsLong(record), adjustments);
    }

    static <T> Field<T> integer(ToLongFunction<T> value) {
        return (out, column, record, adjustments) ->
                Values.integer(out, column, value.applyAsLong(record), adjustments);
    }

    /** Any JSON-ish value, converted to the column's type by {@link Values#write}. */
    static <T> Field<T> value(Function<T, Object> value) {
        return (out, column, record, adjustments) -> Values.write(out, column, value.apply(record), adjustments);
    }
}
