package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster DDL of every packaged migration goes through the real ClickHouse parser. It is not executed: the
 * embedded engine (chDB) has no Keeper, so it can neither create replicated tables nor run {@code ON CLUSTER}.
 */
@ExtendWith(InfraExtension.class)
class ClusterDdlIT {

    @Test
    void shouldTranslateEveryPackagedMigrationIntoStatementsClickHouseParses(TestInfra infra) throws Exception {
        // Given
        MigrationRunner runner = new MigrationRunner(
                new ClickHouse(infra.clickhouseJdbcUrl(), "default", ""), Optional.of(new ClusterDdl("rtcstats")));
        List<String> statements = new ArrayList<>();
        statements.add(new ClusterDdl("rtcstats").migrationsTable("schema_migrations"));
        for (Migration migration : Migrations.fromClasspath()) {
            statements.addAll(runner.statements(migration));
        }

        // When
        List<String> syntaxTrees = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(infra.clickhouseJdbcUrl(), "default", "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try (ResultSet tree = statement.executeQuery("EXPLAIN AST " + sql)) {
                    StringBuilder text = new StringBuilder();
                    while (tree.next()) {
                        text.append(tree.getString(1)).append('\n');
                    }
                    syntaxTrees.add(text.toString());
                }
            }
        }

        // Then
        assertThat(statements).anyMatch(sql -> sql.contains("ReplicatedReplacingMergeTree"));
        assertThat(statements).anyMatch(sql -> sql.contains("ENGINE = Distributed('rtcstats'"));
        assertThat(syntaxTrees)
                .hasSameSizeAs(statements)
                .allMatch(tree -> tree.contains("CreateQuery") || tree.contains("AlterQuery"));
    }
}
