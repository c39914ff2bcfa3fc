package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile clients against one gateway on the real broker. After each hostile input a normal client's session must
 * still be published completely, and what the gateway read and refused must be in the dead-letter topic.
 */
@ExtendWith(InfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MULTIPART = "multipart/form-data; boundary=b0undary";
    private static final List<String> NORMAL_FRAMES = List.of(
            "[\"create\",null,{\"hardwareConcurrency\":8},1758602115670]",
            "[\"getUserMedia\",null,{\"audio\":false,\"video\":true},\"60-0\",2153]",
            "[\"getUserMediaOnSuccess\",null,[[\"video\",\"4e4f\",\"3352\"]],\"60-0\",1040]");

    private GatewayUnderTest gateway;
    private TopicReader frames;
    private TopicReader deadLetters;

    @BeforeAll
    void start(TestInfra infra) {
        gateway = GatewayUnderTest.start(
                infra,
                Map.ofEntries(
                        Map.entry("RTCSTATS_JWT_SECRET", GatewayUnderTest.SECRET),
                        Map.entry("GATEWAY_UPLOAD_PATH", "/upload"),
                        Map.entry("GATEWAY_MAX_UPLOAD_BYTES", "200000"),
                        Map.entry("GATEWAY_MAX_FRAME_BYTES", "65536"),
                        Map.entry("GATEWAY_MAX_FRAMES_PER_CONNECTION", "50"),
                        Map.entry("GATEWAY_MAX_PREAUTH_CONNECTIONS", "20"),
                        Map.entry("GATEWAY_HANDSHAKE_TIMEOUT", "1s")));
        frames = gateway.reader();
        deadLetters = gateway.deadLetters();
        await().atMost(WAIT).until(() -> gateway.get("/ready").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        frames.close();
        deadLetters.close();
        gateway.close();
    }

    private static String token(String user) {
        return token(Map.of("user", user, "conference", "hostile"));
    }

    private static String token(Map<String, String> claims) {
        return URLEncoder.encode(
                GenerateToken.mint(GatewayUnderTest.SECRET, claims, Duration.ofMinutes(10), Instant.now()),
                StandardCharsets.UTF_8);
    }

    /** A well-behaved client's whole session, which must be on the topic: open, every frame, close 1000. */
    private void assertNormalSessionLands() {
        String user = "normal-" + UUID.randomUUID();
        TestClient client = TestClient.connect(gateway.port(), "/call?rtcstats-token=" + token(user));
        NORMAL_FRAMES.forEach(client::send);
        client.close(1000);
        assertThat(client.closeCode).succeedsWithin(WAIT).isEqualTo(1000);
        await().atMost(WAIT).untilAsserted(() -> {
            String id = connectionOf(user);
            assertThat(id).as("the client\'s open").isNotNull();
            List<ConnectionEvent> events = frames.events();
            List<ConnectionEvent> session =
                    events.stream().filter(e -> e.connectionId().equals(id)).toList();
            assertThat(session)
                    .filteredOn(ConnectionEvent.FrameReceived.class::isInstance)
                    .extracting(e -> ((ConnectionEvent.FrameReceived) e).text())
                    .containsExactlyElementsOf(NORMAL_FRAMES);
            assertThat(session.getLast()).isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                assertThat(closed.code()).isEqualTo(1000);
                assertThat(closed.frames()).isEqualTo(NORMAL_FRAMES.size());
            });
        });
    }

    /** The id of the connection the gateway opened for {@code user}'s token, or null before its open is on the topic. */
    private String connectionOf(String user) {
        return frames.events().stream()
                .filter(e -> e instanceof ConnectionEvent.Opened
                        && user.equals(e.tags().user()))
                .map(ConnectionEvent::connectionId)
                .findFirst()
                .orElse(null);
    }

    private List<DeadLetter> deadLettersFor(String reason) {
        return deadLetters.records().stream()
                .map(record -> DeadLetter.fromHeaders(record.headers()))
                .filter(letter -> letter.reason().equals(reason))
                .toList();
    }

    private double metric(String name, String tags) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + tags) + " (\\S+)$")
                .matcher(gateway.get("/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private static String multipart(String content) {
        return "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--b0undary--\r\n";
    }

    @Test
    void shouldRefuseTokensWithOversizedClaimsOrHeadsAndKeepServingOthers() {
        // Given
        String bigClaim = token(Map.of("user", "u".repeat(5000)));
        String hugeToken = token(Map.of("user", "u".repeat(80_000)));

        // When
        TestClient oversizedClaim = TestClient.connect(gateway.port(), "/?rtcstats-token=" + bigClaim);

        // Then
        assertThat(oversizedClaim.closeCode).succeedsWithin(WAIT).isEqualTo(1008);
        assertThatThrownBy(() -> TestClient.connect(gateway.port(), "/?rtcstats-token=" + hugeToken))
                .as("a request head over GATEWAY_MAX_HEADER_BYTES is refused before any upgrade")
                .isInstanceOf(RuntimeException.class);
        assertNormalSessionLands();
    }

    @Test
    void shouldCutSocketsBeyondThePreAuthCapWhenUnauthorisedClientsFlood() throws Exception {
        // Given
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<RawWebSocket>> opened = new ArrayList<>();

        // When: 200 upgrades without a token that never answer the close frame
        for (int i = 0; i < 200; i++) {
            opened.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return new RawWebSocket(gateway.port(), "/flood");
                        } catch (IOException e) {
                            return null;
                        }
                    },
                    pool));
        }
        List<RawWebSocket> sockets =
                opened.stream().map(CompletableFuture::join).toList();

        // Then
        try {
            assertThat(metric("rtcstats_gateway_rejects_total", "{reason=\"preauth-capacity\"}"))
                    .isGreaterThan(0);
            await().atMost(WAIT).until(() -> metric("rtcstats_gateway_connections_preauth", "") == 0.0);
            assertNormalSessionLands();
        } finally {
            pool.shutdownNow();
            for (RawWebSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void shouldCutSlowAndSilentHandshakesWithinTheHandshakeTimeout() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", gateway.port());
                Socket slow = new Socket("127.0.0.1", gateway.port())) {
            // Given
            silent.setSoTimeout(10_000);
            slow.setSoTimeout(200);
            OutputStream drip = slow.getOutputStream();
            drip.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));

            // When: one header byte every 200 ms, never finishing the head
            boolean slowCut = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!slowCut && System.nanoTime() < deadline) {
                try {
                    drip.write('X');
                    drip.flush();
                    slowCut = slow.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    // still open: drip on
                } catch (IOException e) {
                    slowCut = true;
                }
            }

            // Then
            assertThat(slowCut).as("slow-loris cut").isTrue();
            assertThat(silent.getInputStream().read())
                    .as("silent connection cut")
                    .isEqualTo(-1);
            assertNormalSessionLands();
        }
    }

    @Test
    void shouldCloseOldConnectionsWhileServingOthersWhenManyConnectionsFlood() throws Exception {
        // Given
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", gateway.port());
                socket.setSoTimeout(10_000);
                flood.add(socket);
            }

            // When
            assertNormalSessionLands();

            // Then
            for (Socket socket : flood) {
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    @Test
    void shouldRefuseAndDeadLetterUploadsWithBadMetadataOrSizesAndPublishNoneOfThem() throws Exception {
        // Given
        String path = "/upload?rtcstats-token=" + token("uploader");
        String tooManyMessages = "[1]\n".repeat(51);
        String bigMessage = "[\"" + "x".repeat(70_000) + "\"]\n";

        // When
        int badMetadata = gateway.post(path, MULTIPART, multipart("RTCStatsDump\nnot metadata\n[1]\n"))
                .statusCode();
        int tooMany = gateway.post(path, MULTIPART, multipart("RTCStatsDump\n{}\n" + tooManyMessages))
                .statusCode();
        int tooBigMessage = gateway.post(path, MULTIPART, multipart("RTCStatsDump\n{}\n[1]\n" + bigMessage))
                .statusCode();
        String bigBody = multipart("RTCStatsDump\n{}\n" + ("[\"" + "y".repeat(60_000) + "\"]\n").repeat(4));
        int announcedTooBig = gateway.post(path, MULTIPART, bigBody).statusCode();
        int streamedTooBig = gateway.postChunked(path, MULTIPART, bigBody).statusCode();
        sendTruncatedUpload(path);

        // Then
        assertThat(List.of(badMetadata, tooMany, tooBigMessage, announcedTooBig, streamedTooBig))
                .containsExactly(400, 413, 413, 413, 413);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(deadLetters.records())
                    .extracting(r -> DeadLetter.fromHeaders(r.headers()).reason())
                    .contains(
                            "upload-bad-metadata",
                            "upload-too-many-frames",
                            "upload-frame-too-big",
                            "upload-too-big",
                            "upload-incomplete");
            assertThat(deadLettersFor("upload-bad-metadata")).isNotEmpty();
            assertThat(deadLettersFor("upload-too-many-frames")).isNotEmpty();
            assertThat(deadLettersFor("upload-frame-too-big")).isNotEmpty();
            assertThat(deadLettersFor("upload-too-big")).isNotEmpty();
            assertThat(deadLettersFor("upload-incomplete")).isNotEmpty();
        });
        assertThat(deadLettersFor("upload-bad-metadata").getFirst().sourceOffset())
                .isEqualTo(-1);
        assertNormalSessionLands();
        assertThat(frames.events()).noneMatch(e -> "uploader".equals(e.tags().user()));
    }

    /** Announces a body of 100,000 bytes, sends the start of a dump, and hangs up. */
    private void sendTruncatedUpload(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + MULTIPART
                            + "\r\nContent-Length: 100000\r\n\r\n--b0undary\r\n\r\nRTCStatsDump\n{}\n[1]\n[2]\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Test
    void shouldRecordAnAbnormalClosureWhenTheClientDropsItsConnectionWithoutACloseFrame() throws Exception {
        // Given: a client whose frame is on the topic
        String user = "dropped-" + UUID.randomUUID();
        RawWebSocket client = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token(user));
        client.sendText(NORMAL_FRAMES.getFirst());
        String id = await().atMost(WAIT).until(() -> connectionOf(user), Objects::nonNull);
        await().atMost(WAIT)
                .until(() -> frames.events().stream()
                        .anyMatch(e -> e instanceof ConnectionEvent.FrameReceived
                                && e.connectionId().equals(id)));

        // When: its TCP connection ends, no close frame
        client.close();

        // Then
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(frames.events())
                        .filteredOn(e -> e instanceof ConnectionEvent.Closed
                                && e.connectionId().equals(id))
                        .singleElement()
                        .isInstanceOfSatisfying(ConnectionEvent.Closed.class, closed -> {
                            assertThat(closed.code()).isEqualTo(1006);
                            assertThat(closed.frames()).isEqualTo(1);
                        }));
        assertNormalSessionLands();
    }

    @Test
    void shouldPublishUtf8BinaryFramesAndCloseWith1007WhenFramesAreNotUtf8() throws Exception {
        try (RawWebSocket binary = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token("binary"));
                RawWebSocket invalidBinary = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token("bad-bin"));
                RawWebSocket invalidText = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token("bad-text"))) {
            // When
            binary.sendBinary("[\"binary\",null,{},1]".getBytes(StandardCharsets.UTF_8));
            binary.sendClose(1000);
            invalidBinary.sendBinary(new byte[] {'[', (byte) 0xC3, 0x28, ']'});
            invalidText.sendText(new byte[] {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'});

            // Then
            assertThat(binary.readCloseCode()).isEqualTo(1000);
            assertThat(invalidBinary.readCloseCode()).isEqualTo(1007);
            assertThat(invalidText.readCloseCode()).isEqualTo(1007);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(frames.events())
                            .filteredOn(e -> e instanceof ConnectionEvent.FrameReceived frame
                                    && frame.text().equals("[\"binary\",null,{},1]"))
                            .hasSize(1));
            assertNormalSessionLands();
        }
    }

    @Test
    void shouldCloseWith1009AndKeepEarlierFramesWhenAFrameIsHuge() throws Exception {
        try (RawWebSocket client = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token("huge"))) {
            // When
            client.sendText("[1]");
            client.sendText(new byte[100_000]);

            // Then
            assertThat(client.readCloseCode()).isEqualTo(1009);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(frames.events())
                            .filteredOn(e -> e instanceof ConnectionEvent.Closed closed && closed.code() == 1009)
                            .singleElement()
                            .extracting(e -> ((ConnectionEvent.Closed) e).frames())
                            .isEqualTo(1L));
            assertNormalSessionLands();
        }
    }

    @Test
    void shouldPublishNothingSentAfterTheClientsCloseFrame() throws Exception {
        try (RawWebSocket client = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token("after-close"))) {
            // When
            client.sendText("[\"before\"]");
            client.sendClose(1000);
            client.sendText("[\"after-1\"]");
            client.sendText("[\"after-2\"]");

            // Then
            assertThat(client.readCloseCode()).isEqualTo(1000);
            await().atMost(WAIT).untilAsserted(() -> {
                String id = connectionOf("after-close");
                assertThat(id).as("the client\'s open").isNotNull();
                assertThat(frames.events())
                        .filteredOn(e -> e.connectionId().equals(id))
                        .extracting(e -> e.getClass().getSimpleName())
                        .containsExactly("Opened", "FrameReceived", "Closed");
            });
            assertNormalSessionLands();
        }
    }

    @Test
    void shouldDeadLetterTheFrameThatBreaksTheFrameCountAndCloseWith1008() throws Exception {
        try (RawWebSocket client = new RawWebSocket(gateway.port(), "/?rtcstats-token=" + token("counting"))) {
            // When
            for (int i = 1; i <= 51; i++) {
                client.sendText("[" + i + "]");
            }

            // Then
            assertThat(client.readCloseCode()).isEqualTo(1008);
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<byte[], byte[]>> letters = deadLetters.records().stream()
                        .filter(r ->
                                DeadLetter.fromHeaders(r.headers()).reason().equals("too-many-frames"))
                        .toList();
                assertThat(letters)
                        .singleElement()
                        .satisfies(letter -> assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                                .isEqualTo("[51]"));
            });
            assertNormalSessionLands();
        }
    }
}
