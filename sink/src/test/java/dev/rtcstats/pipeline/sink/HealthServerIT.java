package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.HealthServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthServerIT {
    private static int status(HealthServer server, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void shouldReportNotReadyWhenADependencyIsUnreachable() throws Exception {
        // Given
        Probe clickHouse = () -> true;
        Probe s3 = () -> false;
        try (HealthServer server = new HealthServer(
                0,
                () -> true,
                Probe.readiness(() -> true, List.of(clickHouse, s3)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)::scrape)) {
            server.start();

            // When
            int ready = status(server, "/ready");

            // Then
            assertThat(ready).isEqualTo(503);
            assertThat(status(server, "/healthcheck")).isEqualTo(200);
        }
    }

    @Test
    void shouldReportUnhealthyWhenTheLoopsStopped() throws Exception {
        // Given
        try (HealthServer server = new HealthServer(
                0,
                () -> false,
                Probe.readiness(() -> false, List.of(() -> true)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)::scrape)) {
            server.start();

            // When
            int health = status(server, "/healthcheck");

            // Then
            assertThat(health).isEqualTo(503);
            assertThat(status(server, "/ready")).isEqualTo(503);
        }
    }
}
