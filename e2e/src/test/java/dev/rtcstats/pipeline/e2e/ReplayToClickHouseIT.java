package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.enricher.DumpFeatureExtraction;
import dev.rtcstats.pipeline.enricher.replay.ReplayMain;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions stored by live ingest at processing version 1 are replayed for one conference at version 2 beside the
 * running pipeline: ClickHouse must then hold the replayed rows in place of the old ones, once per connection, and
 * S3 one dump per connection; the other conference keeps version 1.
 */
@ExtendWith(InfraExtension.class)
class ReplayToClickHouseIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayToClickHouseIT.class);
    private static final int CLIENTS_IN_A = 3;
    private static final Duration SESSION_LENGTH = Duration.ofSeconds(2);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void shouldReplaceRowsOfReplayedConferenceWhenReplayRunsWithHigherVersion(TestInfra infra) throws Exception {
        String conferenceA = TestInfra.uniqueName("replay-a");
        String conferenceB = TestInfra.uniqueName("replay-b");
        List<SimulatedClient> clientsA = new ArrayList<>();
        for (int i = 0; i < CLIENTS_IN_A; i++) {
            clientsA.add(new SimulatedClient(conferenceA + "-session-" + i));
        }
        SimulatedClient clientB = new SimulatedClient(conferenceB + "-session-0");
        int sessionCount = CLIENTS_IN_A + 1;
        String inBoth = " WHERE conference IN ('" + conferenceA + "', '" + conferenceB + "')";
        Instant from = Instant.now().minusSeconds(1);
        try (Pipeline pipeline = Pipeline.start(
                        infra,
                        infra.kafkaBootstrap(),
                        infra::createTopic,
                        temp.resolve("enricher"),
                        Duration.ofSeconds(60),
                        Map.of());
                HttpClient http = HttpClient.newHttpClient()) {
            // Given
            try (ExecutorService browsers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (SimulatedClient client : clientsA) {
                    String url = pipeline.webSocketUrl("user-a", conferenceA, client.session);
                    browsers.submit(() -> client.run(http, url, SESSION_LENGTH));
                }
                String url = pipeline.webSocketUrl("user-b", conferenceB, clientB.session);
                browsers.submit(() -> clientB.run(http, url, SESSION_LENGTH));
            }
            Instant to = Instant.now().plusSeconds(1);
            await().atMost(STEP_TIMEOUT)
                    .untilAsserted(() -> assertThat(pipeline.query("SELECT version FROM sessions FINAL" + inBoth))
                            .hasSize(sessionCount)
                            .allMatch(row -> row.get("version").equals("1")));
            // A background merge would collapse the replaced rows before the raw count below could see them.
            pipeline.execute("SYSTEM STOP MERGES sessions");
            Map<String, String> connectionIds =
                    pipeline.query("SELECT session, connection_id FROM sessions FINAL" + inBoth).stream()
                            .collect(Collectors.toMap(row -> row.get("session"), row -> row.get("connection_id")));
            List<String> idsA = clientsA.stream()
                    .map(client -> connectionIds.get(client.session))
                    .toList();
            String idB = connectionIds.get(clientB.session);
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            long replayStarted = System.nanoTime();

            // When
            int exitCode = ReplayMain.run(
                    List.of(
                            "--from",
                            from.toString(),
                            "--to",
                            to.toString(),
                            "--conference",
                            conferenceA,
                            "--version",
                            "2"),
                    replayEnvironment(infra),
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    new DumpFeatureExtraction());

            // Then
            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(exitCode).as(printed).isZero();
            assertThat(printed).contains(CLIENTS_IN_A + " connections emitted");
            await().atMost(STEP_TIMEOUT)
                    .untilAsserted(() -> assertThat(
                                    versions(pipeline, "SELECT connection_id, version FROM sessions FINAL" + inBoth))
                            .containsOnlyKeys(connectionIds.values())
                            .allSatisfy(
                                    (id, version) -> assertThat(version).as(id).isEqualTo(idB.equals(id) ? "1" : "2")));
            LOGGER.atInfo()
                    .addKeyValue("connections", CLIENTS_IN_A)
                    .addKeyValue("millisFromReplayStartToRows", (System.nanoTime() - replayStarted) / 1_000_000)
                    .log("replayed sessions visible in ClickHouse");
            assertThat(pipeline.query("SELECT count() AS rows FROM sessions FINAL" + inBoth))
                    .extracting(row -> row.get("rows"))
                    .containsExactly(Integer.toString(sessionCount));
            String rowsPerConnection = "SELECT connection_id, count() AS rows FROM sessions %s WHERE conference = '"
                    + conferenceA + "' GROUP BY connection_id";
            assertThat(rowCounts(pipeline, rowsPerConnection.formatted("FINAL")))
                    .as("rows per A connection, FINAL")
                    .containsOnlyKeys(idsA)
                    .allSatisfy((id, rows) -> assertThat(rows).isEqualTo(1));
            assertThat(rowCounts(pipeline, rowsPerConnection.formatted("")))
                    .as("raw rows per A connection")
                    .containsOnlyKeys(idsA)
                    .allSatisfy((id, rows) -> assertThat(rows).isGreaterThan(1));
            await().atMost(STEP_TIMEOUT)
                    .untilAsserted(() -> assertThat(versions(
                                    pipeline,
                                    "SELECT connection_id, version FROM features_client FINAL WHERE conference = '"
                                            + conferenceA + "'"))
                            .containsOnlyKeys(idsA)
                            .allSatisfy(
                                    (id, version) -> assertThat(version).as(id).isEqualTo("2")));
            List<String> keys = pipeline.blobKeys();
            for (int i = 0; i < CLIENTS_IN_A; i++) {
                String id = idsA.get(i);
                assertThat(keys)
                        .as("objects of %s", id)
                        .filteredOn(key -> key.startsWith(id))
                        .containsExactly(BlobKeys.forConnection(id));
                List<String> dump =
                        pipeline.blob(BlobKeys.forConnection(id)).lines().toList();
                assertThat(dump.subList(2, dump.size() - 1))
                        .as("frames in the replayed dump of %s", id)
                        .containsExactlyElementsOf(clientsA.get(i).sent);
            }
        }
    }

    private Map<String, String> replayEnvironment(TestInfra infra) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("ENRICHER_APPLICATION_NAME", TestInfra.uniqueName("replay"));
        env.put("ENRICHER_PROCESSING_VERSION", "1");
        env.put("ENRICHER_STATE_DIR", temp.resolve("replay").toString());
        env.put("ENRICHER_PUNCTUATION_INTERVAL", "500ms");
        env.put("ENRICHER_ROCKSDB_MEMORY_BYTES", Long.toString(32L * 1024 * 1024));
        env.put("REPLAY_PROGRESS_INTERVAL", "1s");
        return env;
    }

    private static Map<String, String> versions(Pipeline pipeline, String sql) throws Exception {
        return pipeline.query(sql).stream()
                .collect(Collectors.toMap(row -> row.get("connection_id"), row -> row.get("version")));
    }

    private static Map<String, Integer> rowCounts(Pipeline pipeline, String sql) throws Exception {
        return pipeline.query(sql).stream()
                .collect(Collectors.toMap(row -> row.get("connection_id"), row -> Integer.parseInt(row.get("rows"))));
    }
}
