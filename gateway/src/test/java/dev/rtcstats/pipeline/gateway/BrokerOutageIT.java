package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway whose broker is unreachable must tell its clients, never swallow their frames. */
class BrokerOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldPauseReadsThenCloseWith1011WhenKafkaNeverAcknowledges() {
        try (GatewayUnderTest gateway = GatewayUnderTest.startWithoutBroker(Map.of(
                "KAFKA_MAX_BLOCK", "2s", "KAFKA_DELIVERY_TIMEOUT", "3s", "GATEWAY_MAX_UNACKED_FRAMES", "3",
                "GATEWAY_SHUTDOWN_GRACE", "1s"))) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            for (int i = 0; i < 5; i++) {
                client.send("[\"g\",\"PC_0\",{}," + i + "]");
            }

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1011);
            String metrics = gateway.get("/metrics").body();
            assertThat(metrics).containsPattern("gateway_backpressure_pauses_total(\\{[^}]*\\})? [1-9]");
            assertThat(metrics).containsPattern("gateway_kafka_send_failures_total(\\{[^}]*\\})? [1-9]");
            assertThat(gateway.get("/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldAnswer500WhenUploadCannotBePublished() {
        try (GatewayUnderTest gateway = GatewayUnderTest.startWithoutBroker(Map.of(
                "KAFKA_MAX_BLOCK", "1s", "KAFKA_DELIVERY_TIMEOUT", "2s", "GATEWAY_UPLOAD_PATH", "/upload",
                "GATEWAY_SHUTDOWN_GRACE", "1s"))) {
            // When
            var response = gateway.post("/upload", "multipart/form-data; boundary=b",
                    "--b\r\n\r\nRTCStatsDump\n{\"fileFormat\":3}\n[39,null,{},1]\n--b--\r\n");

            // Then
            assertThat(response.statusCode()).isEqualTo(500);
        }
    }
}
