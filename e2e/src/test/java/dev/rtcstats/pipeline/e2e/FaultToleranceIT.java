package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.KafkaBrokerProcess;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many concurrent clients stream through gateway, enricher and sink while the Kafka broker, the enricher and the
 * sink are each restarted. Every session the gateway accepted must end up exactly once in ClickHouse and in S3,
 * with every frame the gateway took from a client that closed normally.
 *
 * <p>While the single broker is down the gateway's producer loses the topic's metadata. Sends run one at a time, so
 * the first frame sent in the outage waits for it up to {@code KAFKA_MAX_BLOCK} (5 s), fails, and its client is
 * closed with 1011 (none or one client per restart in our runs); that client's frames queued behind it fail unsent.
 * Its session is still stored, with the frames acknowledged before the failure: a prefix of what it sent, with no
 * hole. Every other client's frames wait for the broker ({@code KAFKA_DELIVERY_TIMEOUT} is above the outage) and
 * are stored in full.
 */
@ExtendWith(InfraExtension.class)
class FaultToleranceIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(FaultToleranceIT.class);
    private static final int CLIENTS = 40;
    private static final Duration SESSION_LENGTH = Duration.ofSeconds(18);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final int NORMAL_CLOSURE = 1000;
    private static final int UNEXPECTED_CONDITION = 1011;

    @TempDir
    Path temp;

    @Test
    void shouldStoreEveryAcceptedSessionOnceWhenBrokerEnricherAndSinkRestartUnderLoad(TestInfra infra)
            throws Exception {
        String conference = TestInfra.uniqueName("fault");
        List<SimulatedClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new SimulatedClient(conference + "-session-" + i));
        }
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
                Pipeline pipeline = Pipeline.start(
                        infra,
                        broker.bootstrapServers(),
                        broker::createTopic,
                        temp.resolve("enricher"),
                        Duration.ofSeconds(60),
                        Map.of("KAFKA_DELIVERY_TIMEOUT", "60s", "GATEWAY_MAX_UNACKED_FRAMES", "1000"));
                HttpClient http = HttpClient.newHttpClient();
                ExecutorService browsers = Executors.newVirtualThreadPerTaskExecutor()) {
            // Given
            for (int i = 0; i < CLIENTS; i++) {
                SimulatedClient client = clients.get(i);
                String url = pipeline.webSocketUrl("user-" + i, conference, client.session);
                browsers.submit(() -> client.run(http, url, SESSION_LENGTH));
            }

            // When: each fault is injected once the clients have made progress since the previous one.
            // The sink goes before the broker: a consumer closed while the broker is still coming back cannot
            // leave its group, and its successor then waits out the 45 s session timeout.
            awaitFramesSent(clients, CLIENTS * 15);
            pipeline.restartEnricher();
            awaitFramesSent(clients, CLIENTS * 25);
            pipeline.restartSink();
            awaitFramesSent(clients, CLIENTS * 35);
            broker.stop();
            awaitFramesSent(clients, CLIENTS * 45);
            broker.startAgain();
            await().atMost(STEP_TIMEOUT).until(() -> clients.stream().allMatch(c -> c.closeCode.isDone()));
            long clientsDone = System.nanoTime();

            // Then
            List<SimulatedClient> accepted =
                    clients.stream().filter(SimulatedClient::opened).toList();
            assertThat(accepted).as("clients the gateway accepted").hasSize(CLIENTS);
            assertThat(accepted)
                    .extracting(SimulatedClient::closeCodeNow)
                    .as("close codes")
                    .allMatch(code -> code == NORMAL_CLOSURE || code == UNEXPECTED_CONDITION);
            String sessions = "SELECT session, connection_id, message_count, close_code, blob_key"
                    + " FROM sessions FINAL WHERE conference = '" + conference + "'";
            await().atMost(STEP_TIMEOUT)
                    .untilAsserted(() -> assertThat(pipeline.query(sessions)).hasSize(accepted.size()));
            LOGGER.atInfo()
                    .addKeyValue("clients", accepted.size())
                    .addKeyValue(
                            "frames",
                            accepted.stream().mapToInt(c -> c.sent.size()).sum())
                    .addKeyValue(
                            "closedWith1011",
                            accepted.stream()
                                    .filter(c -> c.closeCodeNow() == UNEXPECTED_CONDITION)
                                    .count())
                    .addKeyValue("millisFromLastCloseToAllRows", (System.nanoTime() - clientsDone) / 1_000_000)
                    .log("every accepted session is in ClickHouse");
            Map<String, Map<String, String>> rows = pipeline.query(sessions).stream()
                    .collect(Collectors.toMap(row -> row.get("session"), Function.identity()));
            assertThat(rows.keySet())
                    .as("one row per session")
                    .containsExactlyInAnyOrderElementsOf(
                            accepted.stream().map(c -> c.session).toList());
            assertThat(pipeline.query("SELECT connection_id, uniqExact(tenant, conference, user, session,"
                            + " session_start) AS keys FROM sessions WHERE conference = '" + conference
                            + "' GROUP BY connection_id"))
                    .as("raw logical keys per connection")
                    .hasSize(accepted.size())
                    .allMatch(row -> row.get("keys").equals("1"));
            for (SimulatedClient client : accepted) {
                Map<String, String> row = rows.get(client.session);
                List<String> frames = dumpFrames(pipeline.blob(row.get("blob_key")));
                assertThat(row.get("message_count"))
                        .as("%s frames in row and dump", client.session)
                        .isEqualTo(Integer.toString(frames.size()));
                if (client.closeCodeNow() == NORMAL_CLOSURE) {
                    assertThat(frames)
                            .as("%s saw 1000; the gateway recorded %s", client.session, row.get("close_code"))
                            .containsExactlyElementsOf(client.sent);
                } else {
                    assertThat(client.sent)
                            .as("%s keeps the acknowledged frames", client.session)
                            .startsWith(frames.toArray(String[]::new));
                }
            }
        }
    }

    private static void awaitFramesSent(List<SimulatedClient> clients, int frames) {
        await().atMost(STEP_TIMEOUT)
                .until(() -> clients.stream().mapToInt(c -> c.sent.size()).sum() >= frames);
    }

    /** The frame lines of a dump: without the header, the metadata and the closing line. */
    private static List<String> dumpFrames(String dump) {
        List<String> lines = dump.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("RTCStatsDump");
        assertThat(lines.getLast()).startsWith("[\"close\",null,");
        return lines.subList(2, lines.size() - 1);
    }
}
