package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class MigrationRunnerIT {
    private String url;
    private MigrationRunner runner;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        String database = TestInfra.uniqueName("migrate").replace('-', '_');
        SinkFixture.execute(infra.clickhouseJdbcUrl(), "CREATE DATABASE " + database);
        url = infra.clickhouseJdbcUrl().replace("/default", "/" + database);
        runner = new MigrationRunner(new ClickHouse(url, "default", ""));
    }

    @Test
    void shouldApplyEveryPackagedMigrationOnceWhenRunTwice() throws Exception {
        // Given
        List<Migration> migrations = Migrations.fromClasspath();
        List<Migration> firstRun = runner.migrate(migrations);

        // When
        List<Migration> secondRun = runner.migrate(migrations);

        // Then
        assertThat(firstRun).hasSameSizeAs(migrations);
        assertThat(secondRun).isEmpty();
        try (var connection = java.sql.DriverManager.getConnection(url, "default", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count() FROM schema_migrations FINAL")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(migrations.size());
        }
    }

    @Test
    void shouldRefuseToStartWhenAnAppliedMigrationWasEdited() throws Exception {
        // Given
        runner.migrate(List.of(Migration.parse(
                "001_probe.sql", "CREATE TABLE IF NOT EXISTS probe (x UInt8) ENGINE = MergeTree ORDER BY x;")));

        // When / Then
        assertThatThrownBy(() -> runner.migrate(List.of(Migration.parse(
                        "001_probe.sql",
                        "CREATE TABLE IF NOT EXISTS probe (x UInt16) ENGINE = MergeTree ORDER BY x;"))))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("001_probe.sql was changed after it was applied");
    }
}
