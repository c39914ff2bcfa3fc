package dev.rtcstats.pipeline.console.query;

import dev.rtcstats.pipeline.console.ConsoleConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Read-only JDBC access to ClickHouse: every query is a {@link PreparedStatement} whose values are bound parameters,
 * never text spliced into SQL, and runs under the configured timeout. The driver speaks HTTP, so a connection per
 * query is cheap and survives server restarts.
 */
public final class ClickHouseReader {
    private final String url;
    private final Properties properties = new Properties();
    private final int timeoutSeconds;
    private final QueryTimer timer;

    public ClickHouseReader(ConsoleConfig.ClickHouse config, QueryTimer timer) {
        this.url = config.url();
        this.timeoutSeconds = (int) Math.max(1, config.queryTimeout().toSeconds());
        this.timer = timer;
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
    }

    /** Maps one row of a result. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Records how long each query took, by name and outcome. */
    @FunctionalInterface
    public interface QueryTimer {
        void record(QueryName name, boolean succeeded, Duration elapsed);
    }

    public <T> List<T> query(QueryName name, String sql, List<?> parameters, RowMapper<T> mapper) throws SQLException {
        long started = System.nanoTime();
        boolean succeeded = false;
        try (Connection connection = DriverManager.getConnection(url, properties);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            succeeded = true;
            return rows;
        } finally {
            timer.record(name, succeeded, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Whether ClickHouse answers a trivial query now. */
    public boolean reachable() {
        try {
            return !query(QueryName.PING, "SELECT 1", List.of(), row -> row.getInt(1))
                    .isEmpty();
        } catch (SQLException e) {
            return false;
        }
    }
}
