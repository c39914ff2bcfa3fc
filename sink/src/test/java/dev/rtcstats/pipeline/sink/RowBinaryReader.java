package dev.rtcstats.pipeline.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes the RowBinary rows of a {@link TableBatch} back into column name to value, for assertions. */
final class RowBinaryReader {
    private final byte[] bytes;
    private int at;
    private final int end;

    private RowBinaryReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.at = from;
        this.end = to;
    }

    static List<Map<String, Object>> rows(TableBatch table) {
        RowBinaryReader reader = new RowBinaryReader(table.array(), 0, table.bytes());
        List<Map<String, Object>> rows = new ArrayList<>();
        while (reader.at < reader.end) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column column : table.schema().columns()) {
                row.put(column.name(), reader.value(column.type()));
            }
            rows.add(row);
        }
        return rows;
    }

    private Object value(ColumnType type) {
        return switch (type) {
            case ColumnType.Nullable(ColumnType inner) -> bytes[at++] == 1 ? null : value(inner);
            case ColumnType.Text text -> {
                int length = (int) varint();
                String s = new String(bytes, at, length, StandardCharsets.UTF_8);
                at += length;
                yield s;
            }
            case ColumnType.Integer integer -> integer.signed() ? fixed(integer.bytes()) : unsigned(integer.bytes());
            case ColumnType.Floating floating ->
                floating.bytes() == 8
                        ? Double.longBitsToDouble(fixed(8))
                        : (double) Float.intBitsToFloat((int) fixed(4));
            case ColumnType.Bool bool -> bytes[at++] != 0;
            case ColumnType.DateTime64 time -> fixed(8);
            case ColumnType.MapOf(ColumnType key, ColumnType value) -> {
                int entries = (int) varint();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < entries; i++) {
                    map.put(value(key), value(value));
                }
                yield map;
            }
            case ColumnType.Unsupported unsupported -> throw new IllegalStateException(unsupported.name());
        };
    }

    private long fixed(int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (bytes[at++] & 0xFFL) << (8 * i);
        }
        if (width < 8 && (value & (1L << (width * 8 - 1))) != 0) {
            value |= -1L << (width * 8);
        }
        return value;
    }

    private long unsigned(int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (bytes[at++] & 0xFFL) << (8 * i);
        }
        return value;
    }

    private long varint() {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }
}
