package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ColumnNames;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link FeatureRecord} onto whatever columns the feature tables have, so a new feature needs only a
 * migration: camelCase keys become snake_case columns ({@link ColumnNames}), a column without a key is NULL, and a
 * key without a column is counted and logged once.
 */
final class FeatureRows implements RowEncoder {
    static final String METADATA = "features_metadata";
    static final String CLIENT = "features_client";
    static final String CONNECTION = "features_connection";
    static final String TRACK = "features_track";
    static final List<String> TABLES = List.of(METADATA, CLIENT, CONNECTION, TRACK);
    /** Filled from the record itself; a feature key of the same name never overrides them. */
    private static final Set<String> RECORD_COLUMNS =
            Set.of("tenant", "conference", "user", "session", "connection_id", "session_start", "version");

    private static final Logger LOGGER = LoggerFactory.getLogger(FeatureRows.class);
    private static final JsonSerde<FeatureRecord> SERDE = new JsonSerde<>(FeatureRecord.class);
    /** Distinct unknown keys remembered for the log-once rule; more are still counted. */
    private static final int MAX_REPORTED = 1_000;

    private final Map<String, TableSchema> schemas;
    private final Map<String, Map<String, Integer>> columnIndexes = new HashMap<>();
    private final SinkMetrics metrics;
    private final Set<String> reported = new HashSet<>();

    /** @param schemas the feature tables that exist, by name */
    FeatureRows(Map<String, TableSchema> schemas, SinkMetrics metrics) {
        this.schemas = Map.copyOf(schemas);
        this.metrics = metrics;
        schemas.forEach((table, schema) -> {
            Map<String, Integer> indexes = new HashMap<>();
            for (int i = 0; i < schema.columns().size(); i++) {
                indexes.put(schema.columns().get(i).name(), i);
            }
            columnIndexes.put(table, indexes);
        });
    }

    @Override
    public void encode(ConsumerRecord<byte[], byte[]> record, int index, RowBatch batch) {
        FeatureRecord features = SERDE.fromBytes(record.value());
        RowEncoder.requireFormat(features.format(), FeatureRecord.FORMAT);
        add(batch, index, METADATA, features, features.metadata(), List.of());
        add(batch, index, CLIENT, features, features.client(), List.of());
        for (Map<String, Object> connection : features.connections()) {
            add(batch, index, CONNECTION, features, connection, List.of("connection_identifier"));
        }
        for (Map<String, Object> track : features.tracks()) {
            add(batch, index, TRACK, features, track, List.of("connection_identifier", "track_identifier"));
        }
    }

    private void add(
            RowBatch batch,
            int index,
            String table,
            FeatureRecord record,
            Map<String, Object> features,
            List<String> identifiers) {
        TableSchema schema = schemas.get(table);
        if (schema == null) {
            reportOnce(table, "", "feature table missing; its features are dropped");
            return;
        }
        Map<String, Integer> indexes = columnIndexes.get(table);
        Object[] values = new Object[schema.columns().size()];
        put(values, indexes, "tenant", record.tenant());
        put(values, indexes, "conference", record.conference());
        put(values, indexes, "user", record.user());
        put(values, indexes, "session", record.session());
        put(values, indexes, "connection_id", record.connectionId());
        put(values, indexes, "session_start", record.startTime());
        put(values, indexes, "version", record.processingVersion());
        for (String identifier : identifiers) {
            put(values, indexes, identifier, "");
        }
        for (Map.Entry<String, Object> feature : features.entrySet()) {
            String column = ColumnNames.snakeCase(feature.getKey());
            Integer at = indexes.get(column);
            if (at == null) {
                metrics.unknownFeatureKey();
                reportOnce(table, feature.getKey(), "feature without a column; skipped");
            } else if (!RECORD_COLUMNS.contains(column)
                    && (feature.getValue() != null || !identifiers.contains(column))) {
                values[at] = feature.getValue();
            }
        }
        TableBatch rows = batch.table(schema);
        RowBinary out = rows.beginRow(index);
        try {
            for (int i = 0; i < values.length; i++) {
                Values.write(out, schema.columns().get(i), values[i], metrics);
            }
            rows.endRow();
        } catch (RejectedValue e) {
            rows.abortRow();
            batch.deadLetter(index, SinkDeadLetterReason.INVALID_VALUE, e);
        }
    }

    private static void put(Object[] values, Map<String, Integer> indexes, String column, Object value) {
        Integer at = indexes.get(column);
        if (at != null) {
            values[at] = value;
        }
    }

    private void reportOnce(String table, String key, String message) {
        if (reported.size() < MAX_REPORTED && reported.add(table + "." + key)) {
            LOGGER.atWarn().addKeyValue("table", table).addKeyValue("key", key).log(message);
        }
    }
}
