package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.testsupport.KafkaBrokerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ready} follows Kafka's acknowledgements, and SIGTERM ends the gateway within its grace, on a broker (a
 * child process) that the test stops and starts again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessAndShutdownIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadinessAndShutdownIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOPIC = "frames-readiness";
    private KafkaBrokerProcess broker;
    private boolean brokerRunning;

    @BeforeAll
    void startBroker() {
        broker = KafkaBrokerProcess.start();
        brokerRunning = true;
        broker.createTopic(TOPIC, 2);
    }

    @AfterAll
    void removeBroker() {
        broker.close();
    }

    private void ensureBrokerRunning() {
        if (!brokerRunning) {
            broker.startAgain();
            brokerRunning = true;
        }
    }

    private void stopBroker() {
        broker.stop();
        brokerRunning = false;
    }

    @Test
    void shouldTurnUnreadyWithin30sOfAStallAndReadyAgainWhenKafkaIsBack() {
        ensureBrokerRunning();
        // Given: the default check interval (5s) and stall threshold (15s)
        try (GatewayUnderTest gateway = GatewayUnderTest.startOn(
                broker.bootstrapServers(),
                TOPIC,
                Map.of("GATEWAY_READY_CHECK_INTERVAL", "", "KAFKA_DELIVERY_TIMEOUT", "60s"))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.get("/ready").statusCode() == 200);
            TestClient client = TestClient.connect(gateway.port(), "/");
            client.send("[1]");

            // When
            stopBroker();
            long stalled = System.nanoTime();
            client.send("[2]");

            // Then
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.get("/ready").statusCode() == 503);
            LOGGER.atInfo()
                    .addKeyValue("seconds", (System.nanoTime() - stalled) / 1e9)
                    .log("ready turned 503 after the broker stopped");
            assertThat(gateway.get("/metrics").body()).contains("rtcstats_gateway_ready 0.0");
            ensureBrokerRunning();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.get("/ready").statusCode() == 200);
            assertThat(gateway.get("/metrics").body()).contains("rtcstats_gateway_ready 1.0");
        }
    }

    @Test
    void shouldEndWithinTheShutdownGraceOnSigtermWhenTheBrokerIsGone() throws Exception {
        ensureBrokerRunning();
        // Given: a gateway process with two clients, one of which never answers a close frame
        int port = freePort();
        Path log = Files.createTempFile("gateway-", ".log");
        Process started = startGateway(port, log);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> status(port, "/ready") == 200);
            TestClient polite = TestClient.connect(port, "/");
            RawWebSocket deaf = new RawWebSocket(port, "/");
            polite.send("[1]");
            deaf.sendText("[1]");
            stopBroker();
            polite.send("[2]");
            deaf.sendText("[2]");

            // When
            long signalled = System.nanoTime();
            started.destroy();
            boolean ended = started.waitFor(4 + 3, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - signalled) / 1e9;

            // Then
            LOGGER.atInfo().addKeyValue("seconds", seconds).log("gateway process ended after SIGTERM");
            assertThat(ended)
                    .as("exit within GATEWAY_SHUTDOWN_GRACE=4s plus JVM exit; log: %s", Files.readString(log))
                    .isTrue();
            assertThat(polite.closeCode).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1001);
            deaf.close();
        } finally {
            started.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private Process startGateway(int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("GATEWAY_PORT", Integer.toString(port));
        env.put("GATEWAY_BIND_ADDRESS", "127.0.0.1");
        env.put("GATEWAY_FRAMES_TOPIC", TOPIC);
        env.put("GATEWAY_SHUTDOWN_GRACE", "4s");
        env.put("GATEWAY_READY_CHECK_INTERVAL", "1s");
        env.put("GATEWAY_IO_THREADS", "2");
        env.put("KAFKA_DELIVERY_TIMEOUT", "60s");
        env.put("KAFKA_MAX_BLOCK", "2s");
        return builder.start();
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
