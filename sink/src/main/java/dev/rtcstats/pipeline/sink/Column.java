package dev.rtcstats.pipeline.sink;

/**
 * A column the sink writes: its name, its type, and whether it is part of the table's sorting or partition key. A
 * key value that fails a check rejects its row, since changing it would change which row it is.
 */
record Column(String name, ColumnType type, boolean key) {
    boolean nullable() {
        return type instanceof ColumnType.Nullable;
    }

    /** The type without {@code Nullable}. */
    ColumnType base() {
        return type instanceof ColumnType.Nullable(ColumnType inner) ? inner : type;
    }
}
