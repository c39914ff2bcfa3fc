package dev.rtcstats.pipeline.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The sink's ClickHouse over JDBC: batched inserts, the column catalogue and a reachability probe. Each call opens
 * its own connection; the driver speaks HTTP, so a connection is cheap and a restarted server needs no reconnect.
 */
final class ClickHouse implements RowWriter, Probe {
    private final String url;
    private final Properties properties = new Properties();

    ClickHouse(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public void write(List<Row> rows) throws SQLException {
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            List<String> shape = new ArrayList<>(row.values().size() + 1);
            shape.add(row.table());
            shape.addAll(row.values().keySet());
            groups.computeIfAbsent(shape, key -> new ArrayList<>()).add(row);
        }
        try (Connection connection = connect()) {
            for (Map.Entry<List<String>, List<Row>> group : groups.entrySet()) {
                insert(connection, group.getKey(), group.getValue());
            }
        }
    }

    private static void insert(Connection connection, List<String> shape, List<Row> rows) throws SQLException {
        List<String> columns = shape.subList(1, shape.size());
        StringBuilder sql =
                new StringBuilder("INSERT INTO ").append(quote(shape.get(0))).append(" (");
        sql.append(String.join(", ", columns.stream().map(ClickHouse::quote).toList()))
                .append(") VALUES (");
        sql.append(String.join(", ", columns.stream().map(column -> "?").toList()))
                .append(')');
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (Row row : rows) {
                int index = 1;
                for (Object value : row.values().values()) {
                    statement.setObject(index++, value);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Table → (column → type) for the given tables; a table that does not exist is absent from the answer. */
    Map<String, Map<String, String>> columnTypes(List<String> tables) throws SQLException {
        Map<String, Map<String, String>> result = new HashMap<>();
        String sql = "SELECT table, name, type FROM system.columns WHERE database = currentDatabase()"
                + " ORDER BY table, position";
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String table = rows.getString(1);
                if (tables.contains(table)) {
                    result.computeIfAbsent(table, key -> new LinkedHashMap<>())
                            .put(rows.getString(2), rows.getString(3));
                }
            }
        }
        return result;
    }

    @Override
    public boolean reachable() {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1")) {
            return result.next();
        } catch (SQLException e) {
            return false;
        }
    }

    static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }
}
