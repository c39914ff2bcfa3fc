package dev.rtcstats.pipeline.sink.lake;

import static dev.rtcstats.pipeline.sink.lake.StatsTable.orEmpty;

import dev.rtcstats.pipeline.common.ColumnNames;
import dev.rtcstats.pipeline.common.FeatureRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link FeatureRecord} as rows of {@code features_metadata}, {@code features_client}, {@code features_connection}
 * and {@code features_track}, with the columns the ClickHouse tables have at start: a migration that adds a feature
 * column adds it to new lake files too (as a nullable column), and older files simply lack it. Feature keys become
 * snake_case columns as in ClickHouse; a key without a column is left out.
 */
final class FeatureTables {
    static final String METADATA = "features_metadata";
    static final String CLIENT = "features_client";
    static final String CONNECTION = "features_connection";
    static final String TRACK = "features_track";
    static final List<String> TABLES = List.of(METADATA, CLIENT, CONNECTION, TRACK);
    private static final Set<String> RECORD_COLUMNS =
            Set.of("tenant", "conference", "user", "session", "connection_id", "session_start", "version");
    private static final Set<String> IDENTIFIERS = Set.of("connection_identifier", "track_identifier");

    private final Map<String, Table> tables = new LinkedHashMap<>();

    /** @param columnTypes table → (column → ClickHouse type) in column order, as read from {@code system.columns} */
    FeatureTables(Map<String, Map<String, String>> columnTypes) {
        for (String table : TABLES) {
            Map<String, String> columns = columnTypes.get(table);
            if (columns != null) {
                tables.put(table, new Table(schema(table, columns)));
            }
        }
    }

    /** The schema of a table, or null when ClickHouse has no such table (its features are then not written). */
    LakeSchema schema(String table) {
        Table known = tables.get(table);
        return known == null ? null : known.schema;
    }

    List<LakeRow> rows(FeatureRecord record) {
        List<LakeRow> rows = new ArrayList<>();
        add(rows, METADATA, record, record.metadata());
        add(rows, CLIENT, record, record.client());
        record.connections().forEach(connection -> add(rows, CONNECTION, record, connection));
        record.tracks().forEach(track -> add(rows, TRACK, record, track));
        return rows;
    }

    private void add(List<LakeRow> rows, String name, FeatureRecord record, Map<String, Object> features) {
        Table table = tables.get(name);
        if (table == null) {
            return;
        }
        List<LakeColumn> columns = table.schema.columns();
        Object[] values = new Object[columns.size()];
        Map<String, Object> fixed = Map.of(
                "tenant", orEmpty(record.tenant()),
                "conference", orEmpty(record.conference()),
                "user", orEmpty(record.user()),
                "session", orEmpty(record.session()),
                "connection_id", record.connectionId(),
                "session_start", record.startTime(),
                "version", record.processingVersion());
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i).name();
            values[i] = fixed.containsKey(column) ? fixed.get(column) : IDENTIFIERS.contains(column) ? "" : null;
        }
        features.forEach((key, value) -> {
            String column = ColumnNames.snakeCase(key);
            Integer position = table.positions.get(column);
            if (position != null && !RECORD_COLUMNS.contains(column)) {
                Object converted =
                        FeatureValues.convert(value, columns.get(position).type());
                if (converted != null || columns.get(position).nullable()) {
                    values[position] = converted;
                }
            }
        });
        rows.add(new LakeRow(table.schema, orEmpty(record.tenant()), LakeRow.day(record.startTime()), values));
    }

    /**
     * Record columns and identifiers are required, as in ClickHouse; every other column is nullable, including a
     * non-Nullable one ClickHouse would fill with its default, since the record may have no value for it.
     */
    private static LakeSchema schema(String table, Map<String, String> columns) {
        List<LakeColumn> lake = new ArrayList<>();
        columns.forEach((name, type) -> {
            boolean required =
                    (RECORD_COLUMNS.contains(name) || IDENTIFIERS.contains(name)) && !FeatureValues.isNullable(type);
            lake.add(new LakeColumn(name, FeatureValues.typeOf(type), !required));
        });
        return new LakeSchema(table, lake);
    }

    private record Table(LakeSchema schema, Map<String, Integer> positions) {
        Table(LakeSchema schema) {
            this(schema, schema.positions());
        }
    }
}
