package dev.rtcstats.pipeline.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The sink's ClickHouse over JDBC for what happens at start: migrations and the column catalogue. Rows go through
 * {@link ClickHouseInserter}. Each call opens its own connection; the driver speaks HTTP, so a connection is cheap.
 */
final class ClickHouse {
    private final String url;
    private final Properties properties = new Properties();

    ClickHouse(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
    }

    ClickHouse(ClickHouseSettings settings) {
        this(settings.url(), settings.user(), settings.password().reveal());
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    /** The insertable columns of each of {@code tables} that exists; a missing table is absent from the answer. */
    Map<String, TableSchema> schemas(List<String> tables) throws SQLException {
        Map<String, List<TableSchema.CatalogColumn>> catalogue = new HashMap<>();
        String sql = "SELECT table, name, type, default_kind, is_in_sorting_key OR is_in_partition_key"
                + " FROM system.columns WHERE database = currentDatabase() ORDER BY table, position";
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String table = rows.getString(1);
                if (tables.contains(table)) {
                    catalogue
                            .computeIfAbsent(table, key -> new ArrayList<>())
                            .add(new TableSchema.CatalogColumn(
                                    rows.getString(2), rows.getString(3), rows.getString(4), rows.getBoolean(5)));
                }
            }
        }
        Map<String, TableSchema> schemas = new HashMap<>();
        catalogue.forEach((table, columns) -> schemas.put(table, TableSchema.of(table, columns)));
        return schemas;
    }

    static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }
}
