package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.testsupport.ClickHouseRows;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reference's schema (pinned in {@code reference/columns.tsv}) exists in the migrated ClickHouse engine with
 * compatible types, and the reference's documented join runs unchanged in {@code rtcstats_reference}.
 */
@ExtendWith(InfraExtension.class)
class ReferenceSchemaIT {
    // Ids are our connection ids (UUID text), not bigint identities: deliberate, they survive replays.
    private static final Set<String> ID_COLUMNS = Set.of("id", "dump_id", "connection_id");
    private static final String REFERENCE_DATABASE = "rtcstats_reference";

    private String url;
    private String referenceUrl;

    @BeforeEach
    void migrate(TestInfra infra) throws Exception {
        String database = TestInfra.uniqueName("reference").replace('-', '_');
        SinkFixture.execute(infra.clickhouseJdbcUrl(), "CREATE DATABASE " + database);
        url = infra.clickhouseJdbcUrl().replace("/default", "/" + database);
        referenceUrl = infra.clickhouseJdbcUrl().replace("/default", "/" + REFERENCE_DATABASE);
        new MigrationRunner(new ClickHouse(url, "default", "")).migrate(Migrations.fromClasspath());
    }

    @Test
    void shouldHaveEveryReferenceColumnWithACompatibleType() throws Exception {
        // Given
        List<String[]> reference = referenceColumns();

        // When
        Map<String, String> ours = new HashMap<>();
        for (Map<String, String> row : ClickHouseRows.query(
                url, "SELECT table, name, type FROM system.columns WHERE database = '" + REFERENCE_DATABASE + "'")) {
            ours.put(row.get("table") + "." + row.get("name"), row.get("type"));
        }

        // Then
        assertThat(reference).hasSizeGreaterThan(190);
        for (String[] column : reference) {
            String type = ours.get(column[0] + "." + column[1]);
            assertThat(type).as("%s.%s (%s)", column[0], column[1], column[2]).isNotNull();
            assertThat(compatible(column[1], column[2], type))
                    .as("%s.%s: reference %s, ours %s", column[0], column[1], column[2], type)
                    .isTrue();
        }
    }

    @Test
    void shouldRunTheReferenceJoinUnchanged() throws Exception {
        // Given a dump with two PeerConnections, two tracks on the first and one on the second
        String id = "8d1f2c3b-0a9e-4f6d-b7c8-1e2f3a4b5c6d";
        SinkFixture.execute(
                url,
                "INSERT INTO sessions (tenant, conference, user, session, connection_id, session_start, session_end,"
                        + " gateway, message_count, close_code, closed_by, user_agent, client_protocol, dump_bytes,"
                        + " blob_key, blob_url, format, version) VALUES ('', 'room-1', 'alice', 's-1', '" + id
                        + "', now64(3), now64(3), 'gw-1', 3, 1000, 'client', 'UA', 'rtcstats#5.0', 10, '" + id
                        + ".gz', 'http://s3/b/" + id + ".gz', 1, 1)");
        String keys = "tenant, conference, user, session, connection_id, session_start, version";
        String keyValues = "'', 'room-1', 'alice', 's-1', '" + id + "', now64(3), 1";
        SinkFixture.execute(
                url,
                "INSERT INTO features_metadata (" + keys + ", user_agent, origin) VALUES (" + keyValues
                        + ", 'UA', 'https://app.example')");
        SinkFixture.execute(url, "INSERT INTO features_client (" + keys + ", duration) VALUES (" + keyValues + ", 5)");
        SinkFixture.execute(
                url,
                "INSERT INTO features_connection (" + keys + ", connection_identifier, connected) VALUES (" + keyValues
                        + ", 'PC_0', true), (" + keyValues + ", 'PC_1', false)");
        SinkFixture.execute(
                url,
                "INSERT INTO features_track (" + keys + ", connection_identifier, track_identifier, kind) VALUES ("
                        + keyValues + ", 'PC_0', 'a0', 'audio'), (" + keyValues + ", 'PC_0', 'v0', 'video'), ("
                        + keyValues + ", 'PC_1', 'a1', 'audio')");

        // When: packages/rtcstats-features/README.md, with ${id} bound to our id
        List<Map<String, String>> rows = ClickHouseRows.query(referenceUrl, """
                select * from "rtcstats-server" as server
                    join features_metadata on features_metadata.dump_id = server.id
                    join features_client on features_client.dump_id = features_metadata.id
                    join features_connection on features_connection.dump_id = features_metadata.id
                    join features_track on features_track.connection_id = features_connection.id
                    where server.id = '%s'
                """.formatted(id));

        // Then
        assertThat(rows).hasSize(3);
        assertThat(ClickHouseRows.query(
                        referenceUrl,
                        "select audio_ended, video_short_duration, get_user_media_success_count, duration"
                                + " from features_client where dump_id = '" + id + "'"))
                .as("the reference's column defaults for features the record left out")
                .containsExactly(Map.of(
                        "audio_ended", "false",
                        "video_short_duration", "false",
                        "get_user_media_success_count", "0",
                        "duration", "5"));
        assertThat(ClickHouseRows.query(
                        referenceUrl,
                        ("select features_connection.connection_identifier as pc, features_track.track_identifier as"
                                        + " track, features_metadata.useragent as ua from features_connection join"
                                        + " features_track on features_track.connection_id = features_connection.id"
                                        + " join features_metadata on features_connection.dump_id ="
                                        + " features_metadata.id where features_metadata.dump_id = '%s' order by"
                                        + " track")
                                .formatted(id)))
                .containsExactly(
                        Map.of("pc", "PC_0", "track", "a0", "ua", "UA"),
                        Map.of("pc", "PC_1", "track", "a1", "ua", "UA"),
                        Map.of("pc", "PC_0", "track", "v0", "ua", "UA"));
    }

    private static boolean compatible(String column, String referenceType, String ourType) {
        String type =
                ourType.replaceFirst("^LowCardinality\\((.*)\\)$", "$1").replaceFirst("^Nullable\\((.*)\\)$", "$1");
        if (ID_COLUMNS.contains(column)) {
            return type.equals("String");
        }
        return switch (referenceType) {
            case "smallint", "integer", "bigint" -> type.matches("U?Int\\d+") || type.matches("Float\\d+");
            case "real", "float", "double precision" -> type.matches("Float\\d+");
            case "boolean" -> type.equals("Bool");
            case "text", "jsonb" -> type.equals("String");
            case "timestamp with time zone" -> type.startsWith("DateTime");
            default -> false;
        };
    }

    private static List<String[]> referenceColumns() throws IOException {
        try (InputStream in = ReferenceSchemaIT.class.getResourceAsStream("/reference/columns.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t"))
                    .toList();
        }
    }
}
