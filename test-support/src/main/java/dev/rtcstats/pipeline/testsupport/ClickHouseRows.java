package dev.rtcstats.pipeline.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads query results for assertions: each row as column label to value text. */
public final class ClickHouseRows {
    private ClickHouseRows() {}

    public static List<Map<String, String>> query(String jdbcUrl, String sql) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "default", "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
