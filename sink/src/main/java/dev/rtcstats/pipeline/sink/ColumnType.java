package dev.rtcstats.pipeline.sink;

import java.util.Locale;

/**
 * The ClickHouse column types the sink encodes in RowBinary, parsed from {@code system.columns.type}.
 * {@code LowCardinality(T)} is encoded as {@code T}; any other type is {@link Unsupported} and is left to the
 * column's default (or written as NULL when the column is Nullable).
 */
sealed interface ColumnType {
    /** {@code String}, also under {@code LowCardinality}. */
    record Text() implements ColumnType {}

    /** {@code Int8} .. {@code Int64} and {@code UInt8} .. {@code UInt64}. */
    record Integer(int bytes, boolean signed) implements ColumnType {
        long min() {
            return signed ? -(1L << (bytes * 8 - 1)) : 0;
        }

        /** For UInt64 the largest value a Java long holds; larger values are out of range for the sink. */
        long max() {
            return bytes == 8 ? Long.MAX_VALUE : signed ? (1L << (bytes * 8 - 1)) - 1 : (1L << (bytes * 8)) - 1;
        }
    }

    record Floating(int bytes) implements ColumnType {}

    record Bool() implements ColumnType {}

    /** {@code DateTime64(precision[, zone])}: ticks of 10^-precision seconds since the epoch, from epoch ms. */
    record DateTime64(int precision) implements ColumnType {}

    record Nullable(ColumnType inner) implements ColumnType {}

    /** {@code Map(K, V)}: written by encoders that know its shape ({@link StatsRows}); others send it empty. */
    record MapOf(ColumnType key, ColumnType value) implements ColumnType {}

    record Unsupported(String name) implements ColumnType {}

    static ColumnType parse(String type) {
        String text = type.strip();
        if (text.startsWith("Nullable(")) {
            return new Nullable(parse(inner(text)));
        }
        if (text.startsWith("LowCardinality(")) {
            return parse(inner(text));
        }
        if (text.startsWith("Map(")) {
            String inner = inner(text);
            int comma = topLevelComma(inner);
            return comma < 0
                    ? new Unsupported(text.toLowerCase(Locale.ROOT))
                    : new MapOf(parse(inner.substring(0, comma)), parse(inner.substring(comma + 1)));
        }
        if (text.startsWith("DateTime64(")) {
            String precision = inner(text).split(",")[0].strip();
            return new DateTime64(java.lang.Integer.parseInt(precision));
        }
        return switch (text) {
            case "String" -> new Text();
            case "Bool" -> new Bool();
            case "Float32" -> new Floating(4);
            case "Float64" -> new Floating(8);
            case "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64" ->
                new Integer(java.lang.Integer.parseInt(text.replaceAll("\\D", "")) / 8, !text.startsWith("U"));
            default -> new Unsupported(text.toLowerCase(Locale.ROOT));
        };
    }

    private static int topLevelComma(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String inner(String text) {
        return text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
    }
}
