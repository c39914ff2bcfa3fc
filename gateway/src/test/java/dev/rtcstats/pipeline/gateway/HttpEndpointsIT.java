package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Json;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEndpointsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MULTIPART = "multipart/form-data; boundary=----b0undary";
    private GatewayUnderTest gateway;

    @BeforeAll
    void start(TestInfra infra) {
        gateway = GatewayUnderTest.startWithSecret(infra);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private static String multipart(String content) {
        return "------b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n------b0undary--\r\n";
    }

    private static String validToken() {
        return URLEncoder.encode(
                GenerateToken.mint(GatewayUnderTest.SECRET, Map.of("user", "up"), Duration.ofMinutes(5), Instant.now()),
                StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerHealthcheckWith200AndEmptyBody() {
        // When
        HttpResponse<String> response = gateway.get("/healthcheck");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldAnswer404WhenPathIsUnknown() {
        assertThat(gateway.get("/unknown").statusCode()).isEqualTo(404);
        assertThat(gateway.post("/elsewhere", "text/plain", "x").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldBeReadyWhenKafkaAnswers() {
        await().atMost(WAIT).until(() -> gateway.get("/ready").statusCode() == 200);
    }

    @Test
    void shouldExposePrometheusMetricsWhenScraped() {
        // When
        HttpResponse<String> response = gateway.get("/metrics");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "rtcstats_gateway_connections_open",
                        "rtcstats_gateway_kafka_ack_seconds_bucket",
                        "rtcstats_gateway_backpressure_pauses_total",
                        "rtcstats_gateway_frames_total");
    }

    @Test
    void shouldAnswer403WhenUploadTokenIsMissingOrWrong() {
        // Given
        String body = multipart("RTCStatsDump\n{\"fileFormat\":3}\n[39,null,{},1]\n");
        String wrong = URLEncoder.encode(
                GenerateToken.mint("other", Map.of(), Duration.ofMinutes(5), Instant.now()), StandardCharsets.UTF_8);

        // When
        HttpResponse<String> missing = gateway.post("/upload", MULTIPART, body);
        HttpResponse<String> badSignature = gateway.post("/upload?rtcstats-token=" + wrong, MULTIPART, body);

        // Then
        assertThat(List.of(missing, badSignature)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo("Forbidden");
        });
    }

    @Test
    void shouldAnswer400WhenUploadIsNotADump() {
        String path = "/upload?rtcstats-token=" + validToken();
        assertThat(gateway.post(path, MULTIPART, multipart("NOT AN RTCSTATS FILE"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(gateway.post(path, "text/plain", "zzz").statusCode()).isEqualTo(400);
        assertThat(gateway.post(path, MULTIPART, multipart("RTCStatsDump\nzzz\n"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(gateway.post(path, MULTIPART, multipart("RTCStatsDump\n{aaa}\n"))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldAnswer422WhenUploadHasNoMessages() {
        assertThat(gateway.post(
                                "/upload?rtcstats-token=" + validToken(),
                                MULTIPART,
                                multipart("RTCStatsDump\n{\"fileFormat\":3}\n"))
                        .statusCode())
                .isEqualTo(422);
    }

    @Test
    void shouldPublishAndAnswer200WhenUploadIsValid() throws Exception {
        try (TopicReader reader = gateway.reader()) {
            // When
            HttpResponse<String> response = gateway.post(
                    "/upload?rtcstats-token=" + validToken(),
                    MULTIPART,
                    multipart("RTCStatsDump\n{\"fileFormat\":3,\"startTime\":5}\n[39,null,{},1]\n[66,null,[],2]\n"));

            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertThat(body.get("message").asText()).isEqualTo("Upload successful");
            String clientId = body.get("clientId").asText();
            await().atMost(WAIT)
                    .until(() -> reader.events().stream()
                                    .filter(e -> e.connectionId().equals(clientId))
                                    .count()
                            == 4);
            List<ConnectionEvent> events = reader.events().stream()
                    .filter(e -> e.connectionId().equals(clientId))
                    .toList();
            JsonNode metadata = Json.MAPPER.readTree(((ConnectionEvent.Opened) events.get(0)).metadataJson());
            assertThat(metadata.get("url").asText()).isEqualTo("/upload?rtcstats-token=obfuscated");
            assertThat(metadata.get("startTime").asLong()).isGreaterThan(5);
            assertThat(metadata.get("remoteAddresses").toString()).isEqualTo("[\"127.0.0.1\"]");
            assertThat(metadata.get("fileFormat").asInt()).isEqualTo(3);
            assertThat(((ConnectionEvent.FrameReceived) events.get(2)).text()).isEqualTo("[66,null,[],2]");
            assertThat(events.get(3))
                    .isInstanceOfSatisfying(
                            ConnectionEvent.Closed.class,
                            closed -> assertThat(closed.frames()).isEqualTo(2));
            assertThat(events.get(0).tags().user()).isEqualTo("up");
        }
    }

    @Test
    void shouldPublishUploadsLargerThanUndertowsDefaultEntityLimitWhenUnderMaxUploadBytes() throws Exception {
        // Given: 5 messages of 500 KB, 2.5 MB in all: over Undertow's 2 MiB default, under GATEWAY_MAX_UPLOAD_BYTES
        String body =
                multipart("RTCStatsDump\n{\"fileFormat\":3}\n" + ("[\"" + "z".repeat(500_000) + "\"]\n").repeat(5));
        try (TopicReader reader = gateway.reader()) {
            // When
            HttpResponse<String> announced = gateway.post("/upload?rtcstats-token=" + validToken(), MULTIPART, body);
            HttpResponse<String> chunked =
                    gateway.postChunked("/upload?rtcstats-token=" + validToken(), MULTIPART, body);

            // Then
            assertThat(List.of(announced.statusCode(), chunked.statusCode())).containsExactly(200, 200);
            String clientId =
                    Json.MAPPER.readTree(chunked.body()).get("clientId").asText();
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(reader.events())
                            .filteredOn(e -> e.connectionId().equals(clientId))
                            .last()
                            .isInstanceOfSatisfying(
                                    ConnectionEvent.Closed.class,
                                    closed -> assertThat(closed.frames()).isEqualTo(5)));
        }
    }
}
