package dev.rtcstats.pipeline.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates a database with the project's schema, from {@code infra/clickhouse/NNN_*.sql} in file order, as the sink
 * applies it at start (statements end with {@code ;} at the end of a line).
 */
final class ClickHouseSchema {
    private ClickHouseSchema() {}

    static void create(String serverUrl, String databaseUrl, String database) throws IOException, SQLException {
        execute(serverUrl, "CREATE DATABASE IF NOT EXISTS " + database);
        Path dir = Path.of(System.getProperty("rtcstats.schema.dir", "../infra/clickhouse"));
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().matches("\\d{3,}_.*\\.sql"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            for (String statement :
                    Files.readString(file, StandardCharsets.UTF_8).split(";[ \\t]*\\r?\\n")) {
                String sql = statement
                        .lines()
                        .filter(line -> !line.strip().startsWith("--"))
                        .reduce("", (a, b) -> a + b + "\n")
                        .strip();
                if (!sql.isEmpty()) {
                    execute(databaseUrl, sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql);
                }
            }
        }
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "default", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
