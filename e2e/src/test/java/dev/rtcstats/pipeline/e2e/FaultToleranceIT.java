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

/**
 * Many concurrent clients stream through gateway, enricher and sink while the Kafka broker, the enricher and the
 * sink are each restarted. Every session the gateway accepted must end up exactly once in ClickHouse and in S3,
 * with every frame the gateway took from a client that closed normally.
 *
 * <p>A client whose frames Kafka could not acknowledge (an outage longer than {@code KAFKA_DELIVERY_TIMEOUT}) is
 * closed by the gateway with 1011; its session is still stored, holding the frames that were acknowledged, which
 * are a prefix of what it sent. With the delivery timeout above the outage, as here, the producer's retries carry
 * every frame across the restart and no client sees 1011.
 */
@ExtendWith(InfraExtension.class)
class FaultToleranceIT {
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
                Pipeline pipeline = Pipeline.start(infra, broker.bootstrapServers(), broker::createTopic,
                        temp.resolve("enricher"), Duration.ofSeconds(60), Map.of(
                                "KAFKA_DELIVERY_TIMEOUT", "60s", "GATEWAY_MAX_UNACKED_FRAMES", "1000"));
                HttpClient http = HttpClient.newHttpClient();
                ExecutorService browsers = Executors.newVirtualThreadPerTaskExecutor()) {
            // Given
            for (int i = 0; i < CLIENTS; i++) {
                SimulatedClient client = clients.get(i);
                String url = pipeline.webSocketUrl("user-" + i, conference, client.session);
                browsers.submit(() -> client.run(http, url, SESSION_LENGTH));
            }

            // When: each fault is injected once the clients have made progress since the previous one.
            awaitFramesSent(clients, CLIENTS * 15);
            pipeline.restartEnricher();
            awaitFramesSent(clients, CLIENTS * 30);
            broker.stop();
            awaitFramesSent(clients, CLIENTS * 40);
            broker.startAgain();
            awaitFramesSent(clients, CLIENTS * 55);
            pipeline.restartSink();
            await().atMost(STEP_TIMEOUT).until(() -> clients.stream().allMatch(c -> c.closeCode.isDone()));

            // Then
            List<SimulatedClient> accepted = clients.stream().filter(SimulatedClient::opened).toList();
            assertThat(accepted).as("clients the gateway accepted").hasSize(CLIENTS);
            assertThat(accepted).extracting(SimulatedClient::closeCodeNow).as("close codes")
                    .allMatch(code -> code == NORMAL_CLOSURE || code == UNEXPECTED_CONDITION);
            String sessions = "SELECT session, connection_id, message_count, close_code, blob_key"
                    + " FROM sessions FINAL WHERE conference = '" + conference + "'";
            await().atMost(STEP_TIMEOUT).untilAsserted(() ->
                    assertThat(pipeline.query(sessions)).hasSize(accepted.size()));
            Map<String, Map<String, String>> rows = pipeline.query(sessions).stream()
                    .collect(Collectors.toMap(row -> row.get("session"), Function.identity()));
            assertThat(rows.keySet()).as("one row per session")
                    .containsExactlyInAnyOrderElementsOf(accepted.stream().map(c -> c.session).toList());
            assertThat(pipeline.query("SELECT connection_id, uniqExact(tenant, conference, user, session,"
                    + " session_start) AS keys FROM sessions WHERE conference = '" + conference
                    + "' GROUP BY connection_id")).as("raw logical keys per connection")
                    .hasSize(accepted.size()).allMatch(row -> row.get("keys").equals("1"));
            for (SimulatedClient client : accepted) {
                Map<String, String> row = rows.get(client.session);
                List<String> frames = dumpFrames(pipeline.blob(row.get("blob_key")));
                if (client.closeCodeNow() == NORMAL_CLOSURE) {
                    assertThat(row.get("message_count")).as(client.session).isEqualTo(
                            Integer.toString(client.sent.size()));
                    assertThat(frames).as(client.session).containsExactlyElementsOf(client.sent);
                } else {
                    assertThat(client.sent).as("%s keeps the acknowledged frames", client.session)
                            .startsWith(frames.toArray(String[]::new));
                }
            }
        }
    }

    private static void awaitFramesSent(List<SimulatedClient> clients, int frames) {
        await().atMost(STEP_TIMEOUT).until(() -> clients.stream().mapToInt(c -> c.sent.size()).sum() >= frames);
    }

    /** The frame lines of a dump: without the header, the metadata and the closing line. */
    private static List<String> dumpFrames(String dump) {
        List<String> lines = dump.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("RTCStatsDump");
        assertThat(lines.getLast()).startsWith("[\"close\",null,");
        return lines.subList(2, lines.size() - 1);
    }
}
