package dev.rtcstats.pipeline.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns of one table that the sink may write, in table order, as read from {@code system.columns} at start:
 * columns with a DEFAULT, MATERIALIZED or ALIAS expression are left to ClickHouse, and so are columns of a type the
 * sink cannot encode unless they are Nullable.
 */
record TableSchema(String table, List<Column> columns) {
    TableSchema {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
    }

    /** The catalogue's description of one column, as {@code system.columns} gives it. */
    record CatalogColumn(String name, String type, String defaultKind, boolean key) {}

    static TableSchema of(String table, List<CatalogColumn> catalogue) {
        List<Column> columns = new ArrayList<>();
        for (CatalogColumn column : catalogue) {
            ColumnType type = ColumnType.parse(column.type());
            boolean encodable = !(type instanceof ColumnType.Unsupported);
            if (column.defaultKind().isEmpty() && (encodable || type instanceof ColumnType.Nullable)) {
                columns.add(new Column(column.name(), type, column.key()));
            }
        }
        return new TableSchema(table, columns);
    }

    /** The subset of columns whose names are keys of {@code wanted}, in table order. */
    TableSchema only(Map<String, ?> wanted) {
        return new TableSchema(
                table,
                columns.stream().filter(c -> wanted.containsKey(c.name())).toList());
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
