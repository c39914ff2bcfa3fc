package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {
    @Test
    void shouldSplitStatementsAtSemicolonsThatEndALine() {
        // Given
        String sql = """
                -- a comment; with a semicolon
                CREATE TABLE a (x String DEFAULT ';') ENGINE = Memory;

                CREATE VIEW b AS
                SELECT x FROM a;
                """;

        // When
        List<String> statements = Migration.parse("001_first.sql", sql).statements();

        // Then
        assertThat(statements)
                .containsExactly(
                        "CREATE TABLE a (x String DEFAULT ';') ENGINE = Memory", "CREATE VIEW b AS\nSELECT x FROM a");
    }

    @Test
    void shouldKeepALastStatementWithoutSemicolon() {
        // Given
        String sql = "CREATE TABLE a (x UInt8) ENGINE = Memory;\nCREATE TABLE b (x UInt8) ENGINE = Memory";

        // When
        List<String> statements = Migration.parse("002_two.sql", sql).statements();

        // Then
        assertThat(statements).hasSize(2).last().isEqualTo("CREATE TABLE b (x UInt8) ENGINE = Memory");
    }

    @Test
    void shouldTakeVersionAndNameFromTheFileName() {
        // Given / When
        Migration migration = Migration.parse("012_add_features.sql", "SELECT 1");

        // Then
        assertThat(migration.version()).isEqualTo(12);
        assertThat(migration.name()).isEqualTo("add_features");
    }

    @Test
    void shouldRejectAFileNameWithoutVersion() {
        // Given / When / Then
        assertThatThrownBy(() -> Migration.parse("features.sql", "SELECT 1"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("001_name.sql");
    }

    @Test
    void shouldChangeTheChecksumWhenTheFileChanges() {
        // Given
        Migration original = Migration.parse("001_a.sql", "SELECT 1;");

        // When
        Migration edited = Migration.parse("001_a.sql", "SELECT 2;");

        // Then
        assertThat(edited.checksum()).isNotEqualTo(original.checksum()).hasSize(64);
    }

    @Test
    void shouldLoadOnlyMigrationFilesInVersionOrder(@TempDir Path directory) throws Exception {
        // Given
        Files.writeString(directory.resolve("010_later.sql"), "SELECT 10;");
        Files.writeString(directory.resolve("002_earlier.sql"), "SELECT 2;");
        Files.writeString(directory.resolve("README.md"), "not sql");

        // When
        List<Migration> migrations = Migrations.fromDirectory(directory);

        // Then
        assertThat(migrations).extracting(Migration::version).containsExactly(2, 10);
    }

    @Test
    void shouldRejectTwoFilesWithTheSameVersion(@TempDir Path directory) throws Exception {
        // Given
        Files.writeString(directory.resolve("003_a.sql"), "SELECT 1;");
        Files.writeString(directory.resolve("003_b.sql"), "SELECT 2;");

        // When / Then
        assertThatThrownBy(() -> Migrations.fromDirectory(directory))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("version 3");
    }

    @Test
    void shouldPackageTheSessionsMigration() {
        // Given / When
        List<Migration> migrations = Migrations.fromClasspath();

        // Then
        assertThat(migrations).extracting(Migration::name).contains("sessions");
        assertThat(migrations.getFirst().statements()).hasSize(2);
    }
}
