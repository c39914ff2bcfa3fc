package dev.rtcstats.pipeline.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations that {@code schema_migrations} does not list yet, in version order. Statements should be
 * idempotent ({@code IF NOT EXISTS}): a crash between a statement and its record re-runs it at the next start. With
 * a {@link ClusterDdl} every statement is translated to its cluster form; the checksums stay those of the files.
 */
final class MigrationRunner {
    private static final Logger LOGGER = LoggerFactory.getLogger(MigrationRunner.class);
    private static final String TABLE = "schema_migrations";

    private final ClickHouse clickHouse;
    private final Optional<ClusterDdl> cluster;

    MigrationRunner(ClickHouse clickHouse) {
        this(clickHouse, Optional.empty());
    }

    MigrationRunner(ClickHouse clickHouse, Optional<ClusterDdl> cluster) {
        this.clickHouse = clickHouse;
        this.cluster = cluster;
    }

    /** Returns the migrations applied by this call; fails when an applied file was changed afterwards. */
    List<Migration> migrate(List<Migration> migrations) throws SQLException {
        try (Connection connection = clickHouse.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(cluster.map(c -> c.migrationsTable(TABLE))
                    .orElse("CREATE TABLE IF NOT EXISTS " + TABLE + " (version UInt32, name String,"
                            + " checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))"
                            + " ENGINE = ReplacingMergeTree ORDER BY version"));
            Map<Integer, String> applied = applied(statement);
            List<Migration> pending = migrations.stream()
                    .filter(m -> !applied.containsKey(m.version()))
                    .toList();
            for (Migration migration : migrations) {
                String checksum = applied.get(migration.version());
                if (checksum != null && !checksum.equals(migration.checksum())) {
                    throw new MigrationException("migration " + migration.fileName()
                            + " was changed after it was applied (checksum " + checksum + " in " + TABLE
                            + ", file has " + migration.checksum() + "); add a new migration instead of editing it");
                }
            }
            for (Migration migration : pending) {
                apply(connection, statement, migration);
            }
            return pending;
        }
    }

    private static Map<Integer, String> applied(Statement statement) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT version, checksum FROM " + TABLE + " FINAL")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        return applied;
    }

    /** The statements of a migration as this runner executes them. */
    List<String> statements(Migration migration) {
        return migration.statements().stream()
                .flatMap(sql -> cluster.map(c -> c.translate(sql)).orElse(List.of(sql)).stream())
                .toList();
    }

    private void apply(Connection connection, Statement statement, Migration migration) throws SQLException {
        for (String sql : statements(migration)) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new MigrationException("migration " + migration.fileName() + " failed: " + e.getMessage(), e);
            }
        }
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO " + TABLE + " (version, name, checksum) VALUES (?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setString(3, migration.checksum());
            insert.executeUpdate();
        }
        LOGGER.atInfo()
                .addKeyValue("version", migration.version())
                .addKeyValue("name", migration.name())
                .log("migration applied");
    }
}
