package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;

/** A gateway whose broker is unreachable must tell its clients, never swallow their frames. */
class BrokerOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldRefuseClientsWith1013AndStayUnreadyWhenKafkaIsUnreachable() {
        try (GatewayUnderTest gateway = GatewayUnderTest.startWithoutBroker(
                Map.of("KAFKA_MAX_BLOCK", "1s", "KAFKA_DELIVERY_TIMEOUT", "3s", "GATEWAY_SHUTDOWN_GRACE", "1s"))) {
            // When
            TestClient client = TestClient.connect(gateway.port(), "/");

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1013);
            assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("event store unavailable");
            assertThat(gateway.get("/ready").statusCode()).isEqualTo(503);
            assertThat(gateway.get("/metrics").body())
                    .contains("rtcstats_gateway_ready 0.0")
                    .containsPattern("rtcstats_gateway_rejects_total\\{reason=\"kafka-unavailable\"} [1-9]");
        }
    }

    @Test
    void shouldCloseWith1011WhenBrokerStopsMidSession() throws Exception {
        KafkaClusterTestKit broker = privateBroker();
        boolean stopped = false;
        try {
            String topic = "frames-private";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (GatewayUnderTest gateway = GatewayUnderTest.startOn(
                            broker.bootstrapServers(),
                            topic,
                            Map.of(
                                    "KAFKA_MAX_BLOCK",
                                    "2s",
                                    "KAFKA_DELIVERY_TIMEOUT",
                                    "4s",
                                    "GATEWAY_SHUTDOWN_GRACE",
                                    "1s"));
                    TopicReader reader = gateway.reader()) {
                // Given
                TestClient client = TestClient.connect(gateway.port(), "/");
                client.send("[1]");
                await().atMost(WAIT).until(() -> reader.records().size() == 2);

                // When
                broker.close();
                stopped = true;
                client.send("[2]");

                // Then
                assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1011);
                assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("event store unavailable");
                assertThat(gateway.get("/metrics").body())
                        .containsPattern("rtcstats_gateway_kafka_send_failures_total(\\{[^}]*\\})? [1-9]");
            }
        } finally {
            if (!stopped) {
                broker.close();
            }
        }
    }

    @Test
    void shouldAnswerANormalCloseWith1011WhenAFrameBeforeItIsNeverAcknowledged() throws Exception {
        KafkaClusterTestKit broker = privateBroker();
        boolean stopped = false;
        try {
            String topic = "frames-private";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (GatewayUnderTest gateway = GatewayUnderTest.startOn(
                            broker.bootstrapServers(),
                            topic,
                            Map.of("KAFKA_DELIVERY_TIMEOUT", "4s", "GATEWAY_SHUTDOWN_GRACE", "1s"));
                    TopicReader reader = gateway.reader()) {
                // Given
                TestClient client = TestClient.connect(gateway.port(), "/");
                client.send("[1]");
                await().atMost(WAIT).until(() -> reader.records().size() == 2);
                broker.close();
                stopped = true;

                // When: the last frame waits for a broker that never returns, and the client closes normally.
                client.send("[2]");
                client.close(1000);

                // Then
                assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1011);
                assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("event store unavailable");
            }
        } finally {
            if (!stopped) {
                broker.close();
            }
        }
    }

    private static KafkaClusterTestKit privateBroker() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    @Test
    void shouldAnswer503WhenUploadArrivesWhileKafkaIsUnreachable() {
        try (GatewayUnderTest gateway = GatewayUnderTest.startWithoutBroker(Map.of(
                "KAFKA_MAX_BLOCK",
                "1s",
                "KAFKA_DELIVERY_TIMEOUT",
                "2s",
                "GATEWAY_UPLOAD_PATH",
                "/upload",
                "GATEWAY_SHUTDOWN_GRACE",
                "1s"))) {
            // When
            var response = gateway.post(
                    "/upload",
                    "multipart/form-data; boundary=b",
                    "--b\r\n\r\nRTCStatsDump\n{\"fileFormat\":3}\n[39,null,{},1]\n--b--\r\n");

            // Then
            assertThat(response.statusCode()).isEqualTo(503);
        }
    }
}
