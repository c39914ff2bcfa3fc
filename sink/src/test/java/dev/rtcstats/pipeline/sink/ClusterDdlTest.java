package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDdlTest {
    private final ClusterDdl ddl = new ClusterDdl("rtcstats");

    @Test
    void shouldTurnAMergeTreeTableIntoAReplicatedLocalTableBehindADistributedOne() {
        // Given
        String table = """
                CREATE TABLE IF NOT EXISTS sessions
                (
                    connection_id String,
                    version       UInt64
                )
                ENGINE = ReplacingMergeTree(version)
                PARTITION BY tuple()
                ORDER BY connection_id""";

        // When
        List<String> statements = ddl.translate(table);

        // Then
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0))
                .startsWith("CREATE TABLE IF NOT EXISTS sessions_local ON CLUSTER rtcstats (")
                .contains("ENGINE = ReplicatedReplacingMergeTree("
                        + "'/clickhouse/tables/{shard}/{database}/sessions_local', '{replica}', version)")
                .endsWith("PARTITION BY tuple()\nORDER BY connection_id");
        assertThat(statements.get(1))
                .isEqualTo("CREATE TABLE IF NOT EXISTS sessions ON CLUSTER rtcstats AS sessions_local"
                        + " ENGINE = Distributed('rtcstats', currentDatabase(), 'sessions_local',"
                        + " cityHash64(connection_id))");
    }

    @Test
    void shouldKeepQuotedNamesQuotedAndEnginesWithoutArguments() {
        // When
        List<String> statements = ddl.translate(
                "CREATE TABLE \"odd-name\" (connection_id String) ENGINE = MergeTree ORDER BY connection_id");

        // Then
        assertThat(statements.get(0))
                .startsWith("CREATE TABLE \"odd-name_local\" ON CLUSTER rtcstats")
                .contains("ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/odd-name_local', '{replica}')");
        assertThat(statements.get(1)).contains("AS \"odd-name_local\"");
    }

    @Test
    void shouldCreateViewsOnEveryNodeOverTheDistributedTables() {
        // When
        List<String> statements = ddl.translate(
                "CREATE VIEW IF NOT EXISTS \"rtcstats-server\" AS\nSELECT s.connection_id FROM sessions AS s FINAL");

        // Then
        assertThat(statements)
                .containsExactly("CREATE VIEW IF NOT EXISTS \"rtcstats-server\" ON CLUSTER rtcstats AS "
                        + "SELECT s.connection_id FROM sessions AS s FINAL");
    }

    @Test
    void shouldCreateMaterializedViewsOnEveryNodeBetweenTheLocalTables() {
        // When
        List<String> statements = ddl.translate("CREATE MATERIALIZED VIEW IF NOT EXISTS chart_mv TO chart AS\n"
                + "SELECT connection_id, v FROM (SELECT connection_id, max(value) AS v FROM stats_timeseries"
                + " WHERE metric IN (SELECT metric FROM wanted) GROUP BY connection_id)");

        // Then
        assertThat(statements)
                .containsExactly("CREATE MATERIALIZED VIEW IF NOT EXISTS chart_mv ON CLUSTER rtcstats TO chart_local AS"
                        + " SELECT connection_id, v FROM (SELECT connection_id, max(value) AS v FROM"
                        + " stats_timeseries_local WHERE metric IN (SELECT metric FROM wanted_local) GROUP BY"
                        + " connection_id)");
    }

    @Test
    void shouldReplaceViewsAndCreateDatabasesOnEveryNode() {
        // When
        List<String> view = ddl.translate(
                "CREATE OR REPLACE VIEW rtcstats_reference.\"rtcstats-server\" AS SELECT 1 FROM sessions FINAL");
        List<String> database = ddl.translate("CREATE DATABASE IF NOT EXISTS rtcstats_reference");

        // Then
        assertThat(view)
                .containsExactly("CREATE OR REPLACE VIEW rtcstats_reference.\"rtcstats-server\" ON CLUSTER rtcstats AS"
                        + " SELECT 1 FROM sessions FINAL");
        assertThat(database).containsExactly("CREATE DATABASE IF NOT EXISTS rtcstats_reference ON CLUSTER rtcstats");
    }

    @Test
    void shouldChangeColumnsOfBothTablesButOtherSettingsOfTheLocalOneOnly() {
        // When
        List<String> column = ddl.translate("ALTER TABLE sessions ADD COLUMN IF NOT EXISTS region String");
        List<String> ttl = ddl.translate("ALTER TABLE sessions MODIFY TTL toDate(session_start) + INTERVAL 1 YEAR");

        // Then
        assertThat(column)
                .containsExactly(
                        "ALTER TABLE sessions_local ON CLUSTER rtcstats ADD COLUMN IF NOT EXISTS region String",
                        "ALTER TABLE sessions ON CLUSTER rtcstats ADD COLUMN IF NOT EXISTS region String");
        assertThat(ttl)
                .containsExactly("ALTER TABLE sessions_local ON CLUSTER rtcstats MODIFY TTL toDate(session_start)"
                        + " + INTERVAL 1 YEAR");
    }

    @Test
    void shouldRefuseWhatItCannotTranslateSafely() {
        assertThatThrownBy(() -> ddl.translate("INSERT INTO sessions VALUES ('x', 1)"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("cannot translate");
        assertThatThrownBy(() -> ddl.translate("CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("connection_id");
        assertThatThrownBy(() -> new ClusterDdl("no such; cluster"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("SINK_CLICKHOUSE_CLUSTER");
    }
}
