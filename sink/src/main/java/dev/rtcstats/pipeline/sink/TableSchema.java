package dev.rtcstats.pipeline.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns of one table that the sink may write, in table order, as read from {@code system.columns} at start:
 * columns with a MATERIALIZED or ALIAS expression are left to ClickHouse, and so are columns of a type the sink
 * cannot encode unless they are Nullable. A column with a DEFAULT expression is in {@code defaulted}: it is written
 * only by an encoder that names it ({@link #only}), such as {@code sessions.features_status}; otherwise ClickHouse
 * fills it.
 */
record TableSchema(String table, List<Column> columns, List<Column> defaulted) {
    private static final String DEFAULT = "DEFAULT";

    TableSchema {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        defaulted = List.copyOf(defaulted);
    }

    TableSchema(String table, List<Column> columns) {
        this(table, columns, List.of());
    }

    /** The catalogue's description of one column, as {@code system.columns} gives it. */
    record CatalogColumn(String name, String type, String defaultKind, boolean key) {}

    static TableSchema of(String table, List<CatalogColumn> catalogue) {
        List<Column> columns = new ArrayList<>();
        List<Column> defaulted = new ArrayList<>();
        for (CatalogColumn column : catalogue) {
            ColumnType type = ColumnType.parse(column.type());
            if (type instanceof ColumnType.Unsupported) {
                continue;
            }
            if (column.defaultKind().isEmpty()) {
                columns.add(new Column(column.name(), type, column.key()));
            } else if (column.defaultKind().equals(DEFAULT)) {
                defaulted.add(new Column(column.name(), type, column.key()));
            }
        }
        return new TableSchema(table, columns, defaulted);
    }

    /**
     * The columns whose names are keys of {@code wanted}, DEFAULT columns included: in table order, those with a
     * DEFAULT expression last.
     */
    TableSchema only(Map<String, ?> wanted) {
        List<Column> named = new ArrayList<>();
        columns.stream().filter(c -> wanted.containsKey(c.name())).forEach(named::add);
        defaulted.stream().filter(c -> wanted.containsKey(c.name())).forEach(named::add);
        return new TableSchema(table, named);
    }

    Column column(String name) {
        for (Column column : columns) {
            if (column.name().equals(name)) {
                return column;
            }
        }
        throw new IllegalStateException("table " + table + " has no insertable column " + name);
    }

    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }
}
