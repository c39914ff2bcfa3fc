package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Json;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class WebSocketIngestIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Frames 3-5 of the reference's gumonly.jsonl fixture (protocol 4.0), replayed verbatim. */
    private static final List<String> GUMONLY = List.of(
            "[39,null,{\"hardwareConcurrency\":16,\"deviceMemory\":8,\"screen\":{\"width\":1920,\"height\":1080,"
                    + "\"devicePixelRatio\":1},\"window\":{\"width\":1280,\"height\":720}},1758602115670]",
            "[60,null,{\"audio\":false,\"video\":true},\"60-0\",2153]",
            "[61,null,[[\"video\",\"4e4f\",\"3352\"]],\"60-0\",1040]");

    private static String token(Duration lifetime, Instant issued) {
        return URLEncoder.encode(
                GenerateToken.mint(
                        GatewayUnderTest.SECRET,
                        Map.of("user", "u1", "session", "s1", "conference", "c1"),
                        lifetime,
                        issued),
                StandardCharsets.UTF_8);
    }

    @Test
    void shouldPublishOpenedFramesAndClosedInOrderWhenTokenIsValid(TestInfra infra) throws Exception {
        try (GatewayUnderTest gateway = GatewayUnderTest.startWithSecret(infra);
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(
                    gateway.port(),
                    "/room/7?rtcstats-token=" + token(Duration.ofMinutes(10), Instant.now()) + "&x=1",
                    "rtcstats#5.0",
                    Map.of("Origin", "https://app.example.com", "X-Forwarded-For", "203.0.113.9, 10.1.1.1"));

            // When
            GUMONLY.forEach(client::send);
            client.close(1000);

            // Then
            assertThat(client.socket.getSubprotocol()).isEqualTo("rtcstats#5.0");
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1000);
            await().atMost(WAIT).until(() -> reader.events().size() == GUMONLY.size() + 2);
            List<ConnectionEvent> events = reader.events();
            Tags tags = new Tags("u1", "c1", "s1", null, "gw-test");
            assertThat(List.of(events.getFirst(), events.getLast()))
                    .allSatisfy(e -> assertThat(e.tags()).isEqualTo(tags));
            assertThat(events.subList(1, events.size() - 1))
                    .as("frames carry no tags: readers take them from the open")
                    .allSatisfy(e -> assertThat(e.tags()).isEqualTo(Tags.NONE));
            assertThat(events)
                    .extracting(ConnectionEvent::connectionId)
                    .containsOnly(events.getFirst().connectionId());
            ConnectionEvent.Opened opened = (ConnectionEvent.Opened) events.getFirst();
            JsonNode metadata = Json.MAPPER.readTree(opened.metadataJson());
            List<String> keys = new ArrayList<>();
            metadata.fieldNames().forEachRemaining(keys::add);
            assertThat(keys)
                    .containsExactly(
                            "url",
                            "origin",
                            "userAgent",
                            "startTime",
                            "remoteAddresses",
                            "clientProtocol",
                            "fileFormat");
            assertThat(metadata.get("url").asText()).isEqualTo("/room/7?rtcstats-token=obfuscated&x=1");
            assertThat(metadata.get("origin").asText()).isEqualTo("https://app.example.com");
            assertThat(metadata.get("remoteAddresses").toString()).isEqualTo("[\"203.0.113.x\",\" 10.1.1.x\"]");
            assertThat(metadata.get("clientProtocol").asText()).isEqualTo("rtcstats#5.0");
            assertThat(metadata.get("fileFormat").asInt()).isEqualTo(3);
            List<ConnectionEvent.FrameReceived> frames = events.subList(1, 4).stream()
                    .map(ConnectionEvent.FrameReceived.class::cast)
                    .toList();
            assertThat(frames).extracting(ConnectionEvent.FrameReceived::text).containsExactlyElementsOf(GUMONLY);
            assertThat(frames)
                    .extracting(ConnectionEvent.FrameReceived::sequence)
                    .containsExactly(1L, 2L, 3L);
            assertThat(events.getLast()).isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                assertThat(closed.code()).isEqualTo(1000);
                assertThat(closed.frames()).isEqualTo(3);
            });
        }
    }

    @Test
    void shouldPauseAndResumeWithoutLosingFramesWhenAcknowledgementsLag(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(
                        infra, Map.of("GATEWAY_MAX_UNACKED_FRAMES", "2", "KAFKA_LINGER", "20ms"));
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            for (int i = 1; i <= 50; i++) {
                client.send("[\"g\",\"PC_0\",{}," + i + "]");
            }
            client.close(1000);

            // Then
            await().atMost(WAIT).until(() -> reader.events().size() == 52);
            assertThat(reader.events().subList(1, 51))
                    .extracting(e -> ((ConnectionEvent.FrameReceived) e).sequence())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50)
                            .boxed()
                            .toList());
            assertThat(gateway.get("/metrics").body())
                    .containsPattern("rtcstats_gateway_backpressure_pauses_total(\\{[^}]*\\})? [1-9]");
        }
    }

    @Test
    void shouldPauseOnGatewayWideBudgetWithoutLosingFramesWhenManyBytesAreInFlight(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(
                        infra, Map.of("GATEWAY_MAX_INFLIGHT_BYTES", "65536", "KAFKA_LINGER", "20ms"));
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient first = TestClient.connect(gateway.port(), "/");
            TestClient second = TestClient.connect(gateway.port(), "/");
            String padding = "x".repeat(20_000);

            // When
            for (int i = 1; i <= 10; i++) {
                first.send("[\"g\",\"PC_0\",\"" + padding + "\"," + i + "]");
                second.send("[\"g\",\"PC_1\",\"" + padding + "\"," + i + "]");
            }
            first.close(1000);
            second.close(1000);

            // Then
            await().atMost(WAIT)
                    .until(() -> reader.events().stream()
                                    .filter(ConnectionEvent.Closed.class::isInstance)
                                    .count()
                            == 2);
            assertThat(reader.events())
                    .filteredOn(ConnectionEvent.Closed.class::isInstance)
                    .allSatisfy(e ->
                            assertThat(((ConnectionEvent.Closed) e).frames()).isEqualTo(10));
            assertThat(reader.events())
                    .filteredOn(ConnectionEvent.FrameReceived.class::isInstance)
                    .hasSize(20);
            assertThat(gateway.get("/metrics").body())
                    .containsPattern("rtcstats_gateway_backpressure_pauses_total(\\{[^}]*\\})? [1-9]")
                    .containsPattern("rtcstats_gateway_inflight_bytes(\\{[^}]*\\})? 0.0");
        }
    }

    @Test
    void shouldEchoFirstOfferedSubprotocolWhenLegacyClientConnects(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of())) {
            // When
            TestClient client = TestClient.connect(gateway.port(), "/", "2.0", Map.of());

            // Then
            assertThat(client.socket.getSubprotocol()).isEqualTo("2.0");
            client.close(1000);
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1000);
        }
    }

    @Test
    void shouldCloseWith1008AndPublishNothingWhenTokenIsMissingWrongOrExpired(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.startWithSecret(infra);
                TopicReader reader = gateway.reader()) {
            // Given
            String wrong = URLEncoder.encode(
                    GenerateToken.mint(
                            GatewayUnderTest.SECRET + "invalid",
                            Map.of("user", "testUser"),
                            Duration.ofMinutes(10),
                            Instant.now()),
                    StandardCharsets.UTF_8);
            String expired = token(Duration.ofSeconds(60), Instant.now().minusSeconds(120));

            // When
            TestClient missing = TestClient.connect(gateway.port(), "/");
            TestClient badSignature = TestClient.connect(gateway.port(), "/?rtcstats-token=" + wrong);
            TestClient tooOld = TestClient.connect(gateway.port(), "/?rtcstats-token=" + expired);
            tooOld.sendRacingClose("[\"create\",\"PC_0\",{},1]");

            // Then
            for (TestClient client : List.of(missing, badSignature, tooOld)) {
                assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1008);
                assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("");
            }
            assertThat(reader.records()).isEmpty();
        }
    }

    @Test
    void shouldPublishFrameVerbatimWhenItIsJustUnderTheDefaultLimit(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of());
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");
            String frame = "[\"g\",\"PC_0\",\"" + "é".repeat(499_000) + "\",1]";

            // When
            client.send(frame);
            client.close(1000);

            // Then
            await().atMost(WAIT).until(() -> reader.events().size() == 3);
            assertThat(((ConnectionEvent.FrameReceived) reader.events().get(1)).text())
                    .isEqualTo(frame);
        }
    }

    @Test
    void shouldCloseWith1009WhenFrameIsTooBig(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of("GATEWAY_MAX_FRAME_BYTES", "2048"));
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");
            client.send("[1]");

            // When
            client.send("[\"" + "x".repeat(4096) + "\"]");

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1009);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(reader.events())
                            .last()
                            .isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                                assertThat(closed.code()).isEqualTo(1009);
                                assertThat(closed.frames()).isEqualTo(1);
                            }));
        }
    }

    @Test
    void shouldCloseWith1007WhenTextFrameIsNotUtf8(TestInfra infra) throws Exception {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of());
                RawWebSocket client = new RawWebSocket(gateway.port(), "/");
                TopicReader reader = gateway.reader()) {
            // When
            client.sendText(new byte[] {'[', '"', (byte) 0xC3, 0x28, '"', ']'});

            // Then
            assertThat(client.readCloseCode()).isEqualTo(1007);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(reader.events())
                            .last()
                            .isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                                assertThat(closed.code()).isEqualTo(1007);
                                assertThat(closed.frames()).isZero();
                            }));
        }
    }

    @Test
    void shouldCloseWith1008AndReasonWhenFrameLimitsAreExceeded(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(
                infra, Map.of("GATEWAY_MAX_FRAMES_PER_CONNECTION", "2", "GATEWAY_FRAME_BURST", "1000"))) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            for (int i = 0; i < 3; i++) {
                client.send("[" + i + "]");
            }

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1008);
            assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("too many frames for one connection");
        }
        try (GatewayUnderTest gateway = GatewayUnderTest.start(
                infra, Map.of("GATEWAY_MAX_FRAMES_PER_SECOND", "1", "GATEWAY_FRAME_BURST", "2"))) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            for (int i = 0; i < 3; i++) {
                client.send("[" + i + "]");
            }

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1008);
            assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("frame rate limit exceeded");
        }
    }

    @Test
    void shouldCloseWith1013WhenGatewayIsFull(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of("GATEWAY_MAX_CONNECTIONS", "1"))) {
            // Given
            TestClient first = TestClient.connect(gateway.port(), "/");

            // When
            TestClient second = TestClient.connect(gateway.port(), "/");

            // Then
            assertThat(second.closeCode).succeedsWithin(WAIT).isEqualTo(1013);
            assertThat(first.closeCode).isNotDone();
            first.close(1000);
        }
    }

    @Test
    void shouldCloseWith1008WhenOriginIsNotAllowed(TestInfra infra) {
        try (GatewayUnderTest gateway =
                GatewayUnderTest.start(infra, Map.of("GATEWAY_ALLOWED_ORIGINS", "https://good.example"))) {
            // When
            TestClient bad =
                    TestClient.connect(gateway.port(), "/", "rtcstats#5.0", Map.of("Origin", "https://evil.example"));
            TestClient good =
                    TestClient.connect(gateway.port(), "/", "rtcstats#5.0", Map.of("Origin", "https://good.example"));

            // Then
            assertThat(bad.closeCode).succeedsWithin(WAIT).isEqualTo(1008);
            assertThat(bad.closeReason).succeedsWithin(WAIT).isEqualTo("origin not allowed");
            good.close(1000);
            assertThat(good.closeCode).succeedsWithin(WAIT).isEqualTo(1000);
        }
    }

    @Test
    void shouldTagFramesThatAreNotJsonArraysWhenConfiguredToTag(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of());
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            client.send("not json");
            client.send("[1]");
            client.close(1000);

            // Then
            await().atMost(WAIT).until(() -> reader.records().size() == 4);
            Iterator<ConsumerRecord<byte[], byte[]>> records = reader.records().iterator();
            records.next();
            assertThat(records.next().headers().lastHeader(FramePublisher.MALFORMED_HEADER))
                    .isNotNull();
            assertThat(records.next().headers().lastHeader(FramePublisher.MALFORMED_HEADER))
                    .isNull();
        }
    }

    @Test
    void shouldCloseWith1008WhenFrameIsNotJsonArrayAndConfiguredToReject(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of("GATEWAY_NON_JSON_FRAMES", "reject"))) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            client.send("{\"not\":\"an array\"}");

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1008);
            assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("frame is not a JSON array");
        }
    }

    @Test
    void shouldCloseClientsWith1001AndPublishClosedWhenShuttingDown(TestInfra infra) {
        GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of());
        try (TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");
            client.send("[1]");
            await().atMost(WAIT).until(() -> reader.records().size() == 2);

            // When
            gateway.close();

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1001);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(reader.events())
                            .last()
                            .isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                                assertThat(closed.code()).isEqualTo(1001);
                                assertThat(closed.frames()).isEqualTo(1);
                            }));
        }
    }

    @Test
    void shouldCloseWith1001AndPublishTheCloseWhenAClientStaysSilentPastTheIdleTimeout(TestInfra infra) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(infra, Map.of("GATEWAY_IDLE_TIMEOUT", "1s"));
                TopicReader reader = gateway.reader()) {
            // Given
            TestClient client = TestClient.connect(gateway.port(), "/");

            // When
            client.send("[1]");

            // Then
            assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1001);
            assertThat(client.closeReason).succeedsWithin(WAIT).isEqualTo("idle timeout");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(reader.events())
                            .last()
                            .isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                                assertThat(closed.code()).isEqualTo(1001);
                                assertThat(closed.frames()).isEqualTo(1);
                            }));
        }
    }
}
