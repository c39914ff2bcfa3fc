package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    @Test
    void shouldBeHealthyOnlyWhileTheEndpointAnswers200() throws Exception {
        // Given
        try (HealthServer server = new HealthServer(0, () -> true, () -> false, () -> "")) {
            server.start();

            // When / Then
            assertThat(HealthProbe.isHealthy(server.port(), "/healthcheck")).isTrue();
            assertThat(HealthProbe.isHealthy(server.port(), "/ready")).isFalse();
        }
    }

    @Test
    void shouldBeUnhealthyWhenNothingListens() throws Exception {
        // Given
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        // When
        boolean healthy = HealthProbe.isHealthy(port, "/healthcheck");

        // Then
        assertThat(healthy).isFalse();
    }
}
