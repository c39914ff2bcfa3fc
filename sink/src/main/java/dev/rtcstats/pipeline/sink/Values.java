package dev.rtcstats.pipeline.sink;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Checks a value against its column and writes it in RowBinary. A value that fails a check becomes NULL in a
 * Nullable column, is clamped (numbers, times) or cut (text) in any other column, and rejects the row
 * ({@link RejectedValue}) in a key column; each adjustment is reported to {@link Adjustments}. Text goes through
 * {@link TextValues}. The table of these rules is in sink/README.md.
 */
final class Values {
    /** 1900-01-01T00:00:00Z and 2299-12-31T23:59:59.999Z, the range of ClickHouse's DateTime64. */
    static final long MIN_DATETIME_MS = -2_208_988_800_000L;

    static final long MAX_DATETIME_MS = 10_413_791_999_999L;

    /** Where adjustments are counted. */
    @FunctionalInterface
    interface Adjustments {
        void adjusted(ValueCheck check);
    }

    private Values() {}

    /** Writes any JSON-ish value (String, Number, Boolean, Map, List or null) into {@code column}. */
    static void write(RowBinary out, Column column, Object value, Adjustments adjustments) {
        int start = out.size();
        if (column.nullable()) {
            if (value == null) {
                out.byteValue(1);
                return;
            }
            out.byteValue(0);
        }
        ValueCheck failed = writeBase(out, column, column.base(), value, adjustments);
        if (failed == null) {
            return;
        }
        if (column.key()) {
            throw new RejectedValue(column.name(), failed);
        }
        adjustments.adjusted(failed);
        out.truncate(start);
        if (column.nullable()) {
            out.byteValue(1);
        } else {
            writeZero(out, column.base());
        }
    }

    /** Epoch milliseconds into a DateTime64 column, clamped (or rejected) to the range ClickHouse can store. */
    static void dateTime(RowBinary out, Column column, long epochMillis, Adjustments adjustments) {
        int precision = ((ColumnType.DateTime64) column.base()).precision();
        long millis = epochMillis;
        if (millis < MIN_DATETIME_MS || millis > MAX_DATETIME_MS) {
            if (column.key()) {
                throw new RejectedValue(column.name(), ValueCheck.DATETIME_RANGE);
            }
            adjustments.adjusted(ValueCheck.DATETIME_RANGE);
            if (column.nullable()) {
                out.byteValue(1);
                return;
            }
            millis = Math.clamp(millis, MIN_DATETIME_MS, MAX_DATETIME_MS);
        }
        if (column.nullable()) {
            out.byteValue(0);
        }
        out.int64(ticks(millis, precision));
    }

    /** A whole number into an integer column, clamped (or rejected) to the column's range. */
    static void integer(RowBinary out, Column column, long value, Adjustments adjustments) {
        ColumnType.Integer type = (ColumnType.Integer) column.base();
        long stored = value;
        if (value < type.min() || value > type.max()) {
            if (column.key()) {
                throw new RejectedValue(column.name(), ValueCheck.INTEGER_RANGE);
            }
            adjustments.adjusted(ValueCheck.INTEGER_RANGE);
            if (column.nullable()) {
                out.byteValue(1);
                return;
            }
            stored = Math.clamp(value, type.min(), type.max());
        }
        if (column.nullable()) {
            out.byteValue(0);
        }
        out.fixed(stored, type.bytes());
    }

    private static ValueCheck writeBase(
            RowBinary out, Column column, ColumnType type, Object value, Adjustments adjustments) {
        return switch (type) {
            case ColumnType.Text text -> {
                TextValues.utf8(out, column, TextValues.asText(value), adjustments);
                yield null;
            }
            case ColumnType.Integer integer -> writeInteger(out, column, integer, value, adjustments);
            case ColumnType.Floating floating -> writeFloating(out, floating, value);
            case ColumnType.Bool bool -> writeBool(out, value);
            case ColumnType.DateTime64 time -> writeTime(out, column, time, value, adjustments);
            case ColumnType.Nullable nullable -> ValueCheck.WRONG_TYPE;
            case ColumnType.MapOf map -> ValueCheck.WRONG_TYPE;
            case ColumnType.Unsupported unsupported -> ValueCheck.WRONG_TYPE;
        };
    }

    private static ValueCheck writeInteger(
            RowBinary out, Column column, ColumnType.Integer type, Object value, Adjustments adjustments) {
        Object number = value instanceof String text ? parseNumber(text) : value;
        long whole;
        switch (number) {
            case Boolean flag -> whole = flag ? 1 : 0;
            case Long l -> whole = l;
            case java.lang.Integer i -> whole = i;
            case Short s -> whole = s;
            case Byte b -> whole = b;
            case BigInteger big ->
                whole = big.bitLength() > 63 ? (big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : big.longValue();
            case Number other -> {
                double d = other.doubleValue();
                if (!Double.isFinite(d)) {
                    return ValueCheck.NOT_FINITE;
                }
                whole = (long) d; // saturates at the long range
            }
            case null, default -> {
                return ValueCheck.WRONG_TYPE;
            }
        }
        if (whole < type.min() || whole > type.max() || whole == Long.MIN_VALUE || whole == Long.MAX_VALUE) {
            if (column.key() || column.nullable()) {
                return ValueCheck.INTEGER_RANGE;
            }
            adjustments.adjusted(ValueCheck.INTEGER_RANGE);
            whole = Math.clamp(whole, type.min(), type.max());
        }
        out.fixed(whole, type.bytes());
        return null;
    }

    private static ValueCheck writeFloating(RowBinary out, ColumnType.Floating type, Object value) {
        Object number = value instanceof String text ? parseNumber(text) : value;
        double d;
        switch (number) {
            case Boolean flag -> d = flag ? 1 : 0;
            case Number n -> d = n.doubleValue();
            case null, default -> {
                return ValueCheck.WRONG_TYPE;
            }
        }
        if (!Double.isFinite(d) || (type.bytes() == 4 && Math.abs(d) > Float.MAX_VALUE)) {
            return ValueCheck.NOT_FINITE;
        }
        if (type.bytes() == 4) {
            out.float32((float) d);
        } else {
            out.float64(d);
        }
        return null;
    }

    private static ValueCheck writeBool(RowBinary out, Object value) {
        Boolean flag = switch (value) {
            case Boolean b -> b;
            case Number n when Double.isFinite(n.doubleValue()) -> n.doubleValue() != 0;
            case String s when s.equalsIgnoreCase("true") -> true;
            case String s when s.equalsIgnoreCase("false") -> false;
            case null, default -> null;
        };
        if (flag == null) {
            return ValueCheck.WRONG_TYPE;
        }
        out.byteValue(flag ? 1 : 0);
        return null;
    }

    private static ValueCheck writeTime(
            RowBinary out, Column column, ColumnType.DateTime64 type, Object value, Adjustments adjustments) {
        double millis;
        switch (value) {
            case Number n -> millis = n.doubleValue();
            case String s -> {
                try {
                    millis = Instant.parse(s).toEpochMilli();
                } catch (DateTimeParseException | ArithmeticException e) {
                    return ValueCheck.WRONG_TYPE;
                }
            }
            case null, default -> {
                return ValueCheck.WRONG_TYPE;
            }
        }
        if (!Double.isFinite(millis)) {
            return ValueCheck.NOT_FINITE;
        }
        if (millis < MIN_DATETIME_MS || millis > MAX_DATETIME_MS) {
            if (column.key() || column.nullable()) {
                return ValueCheck.DATETIME_RANGE;
            }
            adjustments.adjusted(ValueCheck.DATETIME_RANGE);
            millis = Math.clamp(millis, MIN_DATETIME_MS, MAX_DATETIME_MS);
        }
        out.int64(ticks((long) Math.floor(millis), type.precision()));
        return null;
    }

    private static void writeZero(RowBinary out, ColumnType type) {
        switch (type) {
            case ColumnType.Text text -> out.byteValue(0);
            case ColumnType.Integer integer -> out.fixed(0, integer.bytes());
            case ColumnType.Floating floating -> out.fixed(0, floating.bytes());
            case ColumnType.Bool bool -> out.byteValue(0);
            case ColumnType.DateTime64 time -> out.int64(0);
            case ColumnType.Nullable nullable -> out.byteValue(1);
            case ColumnType.MapOf map -> out.byteValue(0); // no entries
            case ColumnType.Unsupported unsupported ->
                throw new IllegalStateException("no value for unsupported type " + unsupported.name());
        }
    }

    private static long ticks(long millis, int precision) {
        if (precision >= 3) {
            long scale = (long) Math.pow(10, precision - 3);
            return Math.multiplyHigh(millis, scale) == (millis < 0 ? -1 : 0)
                    ? millis * scale
                    : (millis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        return Math.floorDiv(millis, (long) Math.pow(10, 3 - precision));
    }

    private static Object parseNumber(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return switch (text.strip()) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }
    }
}
