package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class LakeEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every poll of the lake runs an s3() query in the single test engine: keep them few. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final String ROOM = "lake-room";
    /** Recent: stats_reports drops sessions older than its TTL. */
    private static final long START = System.currentTimeMillis() / 1000 * 1000 - 60_000;

    private SinkFixture fixture;
    private LakeFiles lake;
    private SinkService sink;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();
        lake = new LakeFiles(fixture);
        sink = new SinkService(fixture.config(), lake.config(Duration.ofSeconds(2)));
        sink.start();
    }

    @AfterEach
    void tearDown() {
        sink.close();
        fixture.close();
    }

    @Test
    void shouldServeAConferenceFromParquetOnS3WithTheValuesOfTheClickHouseTables() throws Exception {
        // Given: two participants of a conference, and a connection of another tenant and conference
        List<String> connections = List.of("lake-c1", "lake-c2");

        // When
        for (String id : connections) {
            fixture.produceSession(SinkFixture.session(id, ROOM, "user-" + id, 1));
            fixture.produceFeatures(SinkFixture.features(id, ROOM));
            fixture.produceStats(LakeFiles.series(id, ROOM, "acme", START, 40, 1));
        }
        fixture.produceStats(LakeFiles.series("other-c", "other-room", "globex", START, 5, 1));

        // Then: ClickHouse's tables and the Parquet files answer the same queries with the same values
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions().untilAsserted(() -> {
            assertThat(lake.count("stats_timeseries", "conference = '" + ROOM + "'"))
                    .isEqualTo(160);
            assertThat(lake.count("features_track", "conference = '" + ROOM + "'"))
                    .isEqualTo(2);
            assertThat(lake.count("sessions", "conference = '" + ROOM + "'")).isEqualTo(2);
            assertThat(fixture.count("SELECT count() FROM stats_samples WHERE conference = '" + ROOM + "'"))
                    .isEqualTo(160);
            assertThat(fixture.count("SELECT count() FROM features_track WHERE conference = '" + ROOM + "'"))
                    .isEqualTo(2);
            assertThat(fixture.count("SELECT count() FROM sessions WHERE conference = '" + ROOM + "'"))
                    .isEqualTo(2);
        });
        for (String table :
                List.of("stats_timeseries", "sessions", "features_client", "features_connection", "features_track")) {
            // ClickHouse keeps the time series one report per row; its view stats_samples has the lake's layout.
            String source = table.equals("stats_timeseries") ? "stats_samples" : table + " FINAL";
            String columns = selectList(table.equals("stats_timeseries") ? "stats_samples" : table);
            String where = " WHERE conference = '" + ROOM + "' ORDER BY " + orderBy(table);
            List<Map<String, String>> clickHouse = fixture.query("SELECT " + columns + " FROM " + source + where);
            List<Map<String, String>> parquet = fixture.query("SELECT " + columns + " FROM " + lake.s3(table) + where);
            assertThat(parquet).as(table).isNotEmpty().containsExactlyElementsOf(clickHouse);
        }
        assertThat(lake.keys("stats_timeseries"))
                .anySatisfy(key -> assertThat(key)
                        .contains("/tenant=acme/date="
                                + java.time.LocalDate.ofInstant(
                                        java.time.Instant.ofEpochMilli(START), java.time.ZoneOffset.UTC)
                                + "/"))
                .anySatisfy(key -> assertThat(key)
                        .contains("/tenant=globex/date="
                                + java.time.LocalDate.ofInstant(
                                        java.time.Instant.ofEpochMilli(START), java.time.ZoneOffset.UTC)
                                + "/"));
    }

    @Test
    void shouldReadTheSameTimeSeriesWithParquetJavaAsFromClickHouse() throws Exception {
        // When
        fixture.produceStats(LakeFiles.series("pj-c1", ROOM, "acme", START, 30, 1));

        // Then
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions().untilAsserted(() -> {
            assertThat(lake.read("stats_timeseries")).hasSize(60);
            assertThat(fixture.count("SELECT count() FROM stats_samples WHERE connection_id = 'pj-c1'"))
                    .isEqualTo(60);
        });
        List<Map<String, String>> clickHouse = fixture.query("SELECT report_id, metric,"
                + " toUnixTimestamp64Milli(ts) AS ts, value, version FROM stats_samples"
                + " WHERE connection_id = 'pj-c1' ORDER BY report_id, metric, ts");
        List<Map<String, String>> parquet = lake.read("stats_timeseries").stream()
                .map(row -> Map.of(
                        "report_id", (String) row.get("report_id"),
                        "metric", (String) row.get("metric"),
                        "ts", row.get("ts").toString(),
                        "value", row.get("value").toString(),
                        "version", row.get("version").toString()))
                .sorted(java.util.Comparator.comparing((Map<String, String> row) -> row.get("report_id"))
                        .thenComparing(row -> row.get("metric"))
                        .thenComparing(row -> Long.parseLong(row.get("ts"))))
                .toList();
        assertThat(parquet).hasSize(clickHouse.size());
        for (int i = 0; i < parquet.size(); i++) {
            Map<String, String> expected = clickHouse.get(i);
            Map<String, String> actual = parquet.get(i);
            assertThat(actual.get("report_id")).isEqualTo(expected.get("report_id"));
            assertThat(actual.get("ts")).isEqualTo(expected.get("ts"));
            assertThat(Double.parseDouble(actual.get("value"))).isEqualTo(Double.parseDouble(expected.get("value")));
            assertThat(actual.get("version")).isEqualTo(expected.get("version"));
        }
    }

    @Test
    void shouldKeepEveryVersionAndAnswerTheDocumentedQueriesWithTheLatest() throws Exception {
        // Given: a connection written at version 1
        String room = "room_meeting-42";
        fixture.produceStats(LakeFiles.series("c-1", room, "acme", START, 10, 1));
        fixture.produceSession(SinkFixture.session("c-1", room, "alice", 1));
        fixture.produceFeatures(SinkFixture.features("c-1", room));
        await().atMost(WAIT)
                .pollInterval(POLL)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(lake.count("stats_timeseries", "version = 1"))
                        .isEqualTo(20));

        // When: a replay writes it again at version 2
        fixture.produceStats(LakeFiles.series("c-1", room, "acme", START, 10, 2));
        fixture.produceSession(SinkFixture.session("c-1", room, "alice", 2));

        // Then: both versions are in the lake, and the documented queries read version 2 only
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions().untilAsserted(() -> {
            assertThat(lake.count("stats_timeseries", "version = 2")).isEqualTo(20);
            assertThat(lake.count("sessions", "version = 2")).isEqualTo(1);
            assertThat(fixture.count("SELECT count() FROM stats_samples WHERE version = 2"))
                    .isEqualTo(20);
        });
        assertThat(lake.count("stats_timeseries", "connection_id = 'c-1'")).isEqualTo(40);
        List<String> documented =
                Migration.parse("901_lake.sql", Files.readString(Path.of("docs/lake.sql"))).statements().stream()
                        .map(lake::localize)
                        .toList();
        assertThat(documented).hasSize(4);
        List<Map<String, String>> latest = fixture.query(documented.getFirst());
        assertThat(latest).hasSize(10).allSatisfy(row -> assertThat(row).containsEntry("version", "2"));
        assertThat(latest)
                .isEqualTo(fixture.query("SELECT toUnixTimestamp64Milli(ts) AS ts_ms, value, version"
                        + " FROM stats_samples WHERE conference = '" + room + "' AND connection_id = 'c-1'"
                        + " AND metric = 'currentRoundTripTime' ORDER BY ts"));
        assertThat(fixture.query(documented.get(1)))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("version", "2"));
        for (String sql : documented) {
            assertThat(fixture.query(sql)).as(sql).isNotEmpty();
        }
    }

    /** The columns the sink writes (no DEFAULT or ALIAS columns), timestamps as epoch milliseconds. */
    private String selectList(String table) throws Exception {
        return String.join(
                ", ",
                fixture
                        .query("SELECT name, type FROM system.columns WHERE database = currentDatabase()"
                                + " AND table = '" + table + "' AND default_kind = '' ORDER BY position")
                        .stream()
                        .map(column -> column.get("type").contains("DateTime")
                                ? "toUnixTimestamp64Milli(`" + column.get("name") + "`) AS `" + column.get("name") + "`"
                                : "`" + column.get("name") + "`")
                        .toList());
    }

    private static String orderBy(String table) {
        return switch (table) {
            case "stats_timeseries" -> "connection_id, peer_connection, type, metric, report_id, ts";
            case "features_connection" -> "connection_id, connection_identifier";
            case "features_track" -> "connection_id, connection_identifier, track_identifier";
            default -> "connection_id";
        };
    }
}
