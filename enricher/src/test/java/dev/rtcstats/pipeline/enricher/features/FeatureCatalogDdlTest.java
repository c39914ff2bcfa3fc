package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.ColumnNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FeatureCatalogDdlTest {
    private static final List<Path> DDL = List.of(
            Path.of("..", "infra", "clickhouse", "002_features.sql"),
            Path.of("..", "infra", "clickhouse", "003_features_metadata.sql"));
    private static final Pattern TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)");
    private static final Pattern COLUMN = Pattern.compile("^\\s*`(\\w+)` (.+?),?$");
    private static final Map<String, String> KEY_COLUMNS = keyColumns();

    private static Map<String, String> keyColumns() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tenant", "LowCardinality(String)");
        keys.put("conference", "String");
        keys.put("user", "String");
        keys.put("session", "String");
        keys.put("connection_id", "String");
        keys.put("session_start", "DateTime64(3, 'UTC')");
        keys.put("version", "UInt64");
        return keys;
    }

    private record Table(String name, Map<String, String> columns, String statement) {}

    private static Map<String, Table> parseDdl() throws IOException {
        Map<String, Table> tables = new LinkedHashMap<>();
        List<String> statement = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Path file : DDL) {
            lines.addAll(Files.readAllLines(file));
        }
        for (String line : lines) {
            if (line.startsWith("--")) {
                continue;
            }
            statement.add(line);
            if (line.strip().endsWith(";")) {
                Table table = parseStatement(statement);
                tables.put(table.name(), table);
                statement.clear();
            }
        }
        assertThat(String.join("", statement).strip())
                .as("text after the last statement")
                .isEmpty();
        return tables;
    }

    private static Table parseStatement(List<String> lines) {
        String text = String.join("\n", lines);
        Matcher table = TABLE.matcher(text);
        assertThat(table.find()).as("CREATE TABLE IF NOT EXISTS in: " + text).isTrue();
        Map<String, String> columns = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher column = COLUMN.matcher(line);
            if (column.matches()) {
                columns.put(column.group(1), column.group(2));
            }
        }
        return new Table(table.group(1), columns, text);
    }

    private static Stream<Map.Entry<String, Map<String, FeatureType>>> catalogs() {
        return Stream.of(
                Map.entry("features_metadata", FeatureCatalog.METADATA),
                Map.entry("features_client", FeatureCatalog.CLIENT),
                Map.entry("features_connection", FeatureCatalog.CONNECTION),
                Map.entry("features_track", FeatureCatalog.TRACK));
    }

    @Test
    void shouldHaveNullableColumnOfMatchingTypeWhenFeatureIsCatalogued() throws IOException {
        // Given
        Map<String, Table> tables = parseDdl();

        // When / Then
        assertThat(tables)
                .containsOnlyKeys("features_metadata", "features_client", "features_connection", "features_track");
        catalogs().forEach(catalog -> {
            Table table = tables.get(catalog.getKey());
            catalog.getValue().forEach((feature, type) -> {
                String column = ColumnNames.snakeCase(feature);
                String expected = column.endsWith("_identifier") ? "String" : "Nullable(" + type.clickHouseType() + ")";
                assertThat(table.columns()).as(table.name() + "." + column).containsEntry(column, expected);
            });
        });
    }

    @Test
    void shouldHaveNoStaleColumnWhenColumnIsNotAKey() throws IOException {
        // Given
        Map<String, Table> tables = parseDdl();

        // When / Then
        catalogs().forEach(catalog -> {
            List<String> featureColumns = catalog.getValue().keySet().stream()
                    .map(ColumnNames::snakeCase)
                    .toList();
            assertThat(tables.get(catalog.getKey()).columns().keySet())
                    .allMatch(c -> KEY_COLUMNS.containsKey(c) || featureColumns.contains(c), "key or feature column");
        });
    }

    @Test
    void shouldStartWithKeyColumnsAndReplacingEngineWhenTableIsDefined() throws IOException {
        // Given
        Map<String, Table> tables = parseDdl();

        // When / Then
        Map<String, String> orderBy = Map.of(
                "features_metadata",
                "ORDER BY (tenant, conference, user, session, connection_id);",
                "features_client",
                "ORDER BY (tenant, conference, user, session, connection_id);",
                "features_connection",
                "ORDER BY (tenant, conference, user, session, connection_id, connection_identifier);",
                "features_track",
                "ORDER BY (tenant, conference, user, session, connection_id, "
                        + "connection_identifier, track_identifier);");
        tables.values().forEach(table -> {
            assertThat(table.columns().entrySet().stream()
                            .limit(KEY_COLUMNS.size())
                            .toList())
                    .as(table.name())
                    .containsExactlyElementsOf(KEY_COLUMNS.entrySet());
            assertThat(table.statement())
                    .contains("ENGINE = ReplacingMergeTree(version)")
                    .contains("PARTITION BY toYYYYMM(session_start)")
                    .endsWith(orderBy.get(table.name()));
        });
    }

    @Test
    void shouldOnlyEmitCataloguedKeysWhenExtractingARichDump() {
        // Given
        ParsedDump dump = RtcStatsDump.read(TestDumps.resource("call.rtcstats"));

        // When
        Features features = new FeatureExtractor().extract(dump);

        // Then
        assertThat(FeatureCatalog.METADATA)
                .containsKeys(features.metadata().keySet().toArray(String[]::new));
        assertThat(FeatureCatalog.CLIENT)
                .containsKeys(features.client().keySet().toArray(String[]::new));
        features.connections()
                .forEach(c -> assertThat(FeatureCatalog.CONNECTION)
                        .containsKeys(c.keySet().toArray(String[]::new)));
        features.tracks()
                .forEach(t ->
                        assertThat(FeatureCatalog.TRACK).containsKeys(t.keySet().toArray(String[]::new)));
        assertThat(features.tracks()).hasSize(2);
    }

    @Test
    void shouldConvertCamelCaseWhenBuildingColumnNames() {
        // Given / When / Then
        assertThat(ColumnNames.snakeCase("psnrSumY")).isEqualTo("psnr_sum_y");
        assertThat(ColumnNames.snakeCase("calledGetUserMediaAudio")).isEqualTo("called_get_user_media_audio");
        assertThat(ColumnNames.snakeCase("gatheredHostCandidate")).isEqualTo("gathered_host_candidate");
        assertThat(ColumnNames.snakeCase("averageStunRoundTripTime")).isEqualTo("average_stun_round_trip_time");
        assertThat(ColumnNames.snakeCase("numberOfEventsNotGetStats")).isEqualTo("number_of_events_not_get_stats");
    }
}
