package dev.rtcstats.pipeline.sink;

import static dev.rtcstats.pipeline.sink.ClickHouseValues.orEmpty;
import static dev.rtcstats.pipeline.sink.ClickHouseValues.utcMillis;

import dev.rtcstats.pipeline.common.ColumnNames;
import dev.rtcstats.pipeline.common.FeatureRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link FeatureRecord} onto whatever columns the feature tables have, so a new feature needs only a
 * migration: camelCase keys become snake_case columns, and a key without a column is counted and logged once.
 */
final class FeatureRows {
    static final String METADATA = "features_metadata";
    static final String CLIENT = "features_client";
    static final String CONNECTION = "features_connection";
    static final String TRACK = "features_track";
    static final List<String> TABLES = List.of(METADATA, CLIENT, CONNECTION, TRACK);
    /** Filled from the record itself; a feature key of the same name never overrides them. */
    private static final Set<String> RECORD_COLUMNS =
            Set.of("tenant", "conference", "user", "session", "connection_id", "session_start", "version");

    private static final Logger LOGGER = LoggerFactory.getLogger(FeatureRows.class);

    private final Map<String, Map<String, String>> columnTypes;
    private final SinkMetrics metrics;
    private final Set<String> reported = new HashSet<>();

    /** @param columnTypes table → (column → ClickHouse type), as read from {@code system.columns} at start */
    FeatureRows(Map<String, Map<String, String>> columnTypes, SinkMetrics metrics) {
        this.columnTypes = Map.copyOf(columnTypes);
        this.metrics = metrics;
    }

    List<Row> toRows(FeatureRecord record) {
        List<Row> rows = new ArrayList<>();
        add(rows, METADATA, record, record.metadata(), List.of());
        add(rows, CLIENT, record, record.client(), List.of());
        for (Map<String, Object> connection : record.connections()) {
            add(rows, CONNECTION, record, connection, List.of("connection_identifier"));
        }
        for (Map<String, Object> track : record.tracks()) {
            add(rows, TRACK, record, track, List.of("connection_identifier", "track_identifier"));
        }
        return rows;
    }

    private void add(
            List<Row> rows,
            String table,
            FeatureRecord record,
            Map<String, Object> features,
            List<String> identifiers) {
        Map<String, String> columns = columnTypes.get(table);
        if (columns == null) {
            reportOnce(table, "", "feature table missing; its features are dropped");
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tenant", orEmpty(record.tenant()));
        values.put("conference", orEmpty(record.conference()));
        values.put("user", orEmpty(record.user()));
        values.put("session", orEmpty(record.session()));
        values.put("connection_id", record.connectionId());
        values.put("session_start", utcMillis(record.startTime()));
        values.put("version", record.processingVersion());
        values.keySet().retainAll(columns.keySet());
        for (String identifier : identifiers) {
            values.put(identifier, "");
        }
        features.forEach((key, value) -> {
            String column = ColumnNames.snakeCase(key);
            String type = columns.get(column);
            if (type == null) {
                metrics.unknownFeatureKey();
                reportOnce(table, key, "feature without a column; skipped");
            } else if (!RECORD_COLUMNS.contains(column)) {
                Object converted = ClickHouseValues.convert(value, type);
                if (converted != null || !identifiers.contains(column)) {
                    values.put(column, converted);
                }
            }
        });
        rows.add(new Row(table, values));
    }

    private void reportOnce(String table, String key, String message) {
        if (reported.add(table + "." + key)) {
            LOGGER.atWarn().addKeyValue("table", table).addKeyValue("key", key).log(message);
        }
    }
}
