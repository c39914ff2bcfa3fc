package dev.rtcstats.pipeline.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Table schemas for unit tests, built as {@code system.columns} would describe them. */
final class Schemas {
    private static final Set<String> KEYS = Set.of(
            "tenant",
            "conference",
            "user",
            "session",
            "connection_id",
            "session_start",
            "connection_identifier",
            "track_identifier",
            "peer_connection",
            "type",
            "metric",
            "report_id",
            "ts");

    private Schemas() {}

    /**
     * {@code columns} alternates name and type; the usual key columns are marked as keys, and a type ending in
     * {@code " DEFAULT"} is a column with a DEFAULT expression.
     */
    static TableSchema table(String table, String... columns) {
        List<TableSchema.CatalogColumn> catalogue = new ArrayList<>();
        for (int i = 0; i < columns.length; i += 2) {
            String type = columns[i + 1];
            boolean defaulted = type.endsWith(" DEFAULT");
            catalogue.add(new TableSchema.CatalogColumn(
                    columns[i],
                    defaulted ? type.substring(0, type.length() - " DEFAULT".length()) : type,
                    defaulted ? "DEFAULT" : "",
                    KEYS.contains(columns[i])));
        }
        return TableSchema.of(table, catalogue);
    }

    static TableSchema features(String table, String... extra) {
        List<String> columns = new ArrayList<>(List.of(
                "tenant", "LowCardinality(String)",
                "conference", "String",
                "user", "String",
                "session", "String",
                "connection_id", "String",
                "session_start", "DateTime64(3, 'UTC')",
                "version", "UInt64"));
        columns.addAll(List.of(extra));
        return table(table, columns.toArray(String[]::new));
    }

    static TableSchema sessions() {
        return table(
                SessionRows.TABLE,
                "tenant",
                "LowCardinality(String)",
                "conference",
                "String",
                "user",
                "String",
                "session",
                "String",
                "connection_id",
                "String",
                "session_start",
                "DateTime64(3, 'UTC')",
                "session_end",
                "DateTime64(3, 'UTC')",
                "gateway",
                "LowCardinality(String)",
                "message_count",
                "UInt64",
                "close_code",
                "UInt16",
                "closed_by",
                "LowCardinality(String)",
                "user_agent",
                "String",
                "origin",
                "Nullable(String)",
                "client_protocol",
                "LowCardinality(String)",
                "dump_bytes",
                "UInt64",
                "blob_key",
                "String",
                "blob_url",
                "String",
                "format",
                "UInt16",
                "version",
                "UInt64",
                "inserted_at",
                "DateTime64(3, 'UTC') DEFAULT",
                "features_status",
                "LowCardinality(String) DEFAULT",
                "features_reason",
                "LowCardinality(String) DEFAULT");
    }

    static TableSchema stats() {
        return table(
                StatsRows.TABLE,
                "tenant",
                "LowCardinality(String)",
                "conference",
                "String",
                "session",
                "String",
                "connection_id",
                "String",
                "session_start",
                "DateTime64(3, 'UTC')",
                "peer_connection",
                "LowCardinality(String)",
                "type",
                "LowCardinality(String)",
                "report_id",
                "String",
                "ts",
                "DateTime64(3, 'UTC')",
                "metrics",
                "Map(LowCardinality(String), Float64)",
                "version",
                "UInt64");
    }
}
