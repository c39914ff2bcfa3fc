package dev.rtcstats.pipeline.e2e;

import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.e2e.HostileInput.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Carries out a {@link HostileInput} against the gateway (or, for {@link HostileInput.Injected}, the frames topic)
 * and records what the attacker saw. Tokens carry the case id as their {@code session} claim.
 */
final class Attacker {
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** What the attacking client saw: close codes (-1: cut), whether upgrades were refused, HTTP statuses. */
    record Observed(List<Integer> closeCodes, boolean upgradeRefused, List<Integer> httpStatuses) {}

    private final int port;
    private final String conference;
    private final Producer<byte[], byte[]> frames;
    private final String framesTopic;
    private final HostileUploads uploads;
    private final Predicate<String> opened;

    /** {@code opened} tells whether the gateway has published the open of a connection with this case id. */
    Attacker(
            int port,
            String conference,
            HttpClient http,
            Producer<byte[], byte[]> frames,
            String framesTopic,
            Predicate<String> opened) {
        this.port = port;
        this.opened = opened;
        this.conference = conference;
        this.frames = frames;
        this.framesTopic = framesTopic;
        this.uploads = new HostileUploads(
                port, http, caseId -> path(caseId, Map.of(), Map.of()).replaceFirst("^/hostile", "/upload"));
    }

    Observed attack(HostileCase hostile) throws Exception {
        List<Integer> closes = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        boolean refused = false;
        switch (hostile.input()) {
            case HostileInput.Connection connection -> closes.add(connect(hostile.id(), connection));
            case HostileInput.PreAuthFlood(int count) -> closes.addAll(flood(count));
            case HostileInput.RefusedThenFrame(int bytes) -> {
                try (RawWebSocket socket = RawWebSocket.connect(port, "/?rtcstats-token=not-a-token")) {
                    sendQuietly(socket, Frame.text("[\"" + "x".repeat(bytes) + "\"]"));
                    closes.add(socket.readCloseCode());
                }
            }
            case HostileInput.SlowHandshake(int silent) -> closes.addAll(slowHandshake(silent));
            case HostileInput.OversizedHead(int bytes) -> {
                try {
                    RawWebSocket.connect(port, "/?rtcstats-token=" + "e".repeat(bytes))
                            .close();
                } catch (RawWebSocket.UpgradeRefused e) {
                    refused = true;
                }
            }
            case HostileInput.Upload(byte[] content, boolean chunked) ->
                statuses.add(uploads.upload(hostile.id(), content, chunked));
            case HostileInput.TruncatedUpload(int announced, String body) ->
                uploads.truncated(hostile.id(), announced, body);
            case HostileInput.Injected(List<String> events) -> inject(hostile.id(), events);
        }
        return new Observed(closes, refused, statuses);
    }

    /** The token of the case, for a connection that is meant to be authorised. */
    String path(String caseId, Map<String, Object> overrides, Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>(tags(caseId));
        claims.putAll(overrides);
        return "/hostile?rtcstats-token="
                + URLEncoder.encode(HostileTokens.sign(claims, extra), StandardCharsets.UTF_8);
    }

    private Map<String, Object> tags(String caseId) {
        return Map.of("user", "hostile", "conference", conference, "session", caseId);
    }

    private int connect(String caseId, HostileInput.Connection connection) throws IOException {
        try (RawWebSocket socket =
                RawWebSocket.connect(port, path(caseId, connection.claimOverrides(), connection.extraClaims()))) {
            if (connection.afterOpen()) {
                await().atMost(OPEN_TIMEOUT).until(() -> opened.test(caseId));
            }
            boolean open = true;
            for (Frame frame : connection.frames()) {
                open = open && sendQuietly(socket, frame);
            }
            if (connection.closeCode() != 0) {
                try {
                    socket.sendClose(connection.closeCode());
                } catch (IOException e) {
                    // The gateway closed first; its close code is read below.
                }
                connection.afterClose().forEach(frame -> sendQuietly(socket, frame));
            }
            return socket.readCloseCode();
        }
    }

    /** Sends a frame; false once the gateway has cut the connection. */
    private static boolean sendQuietly(RawWebSocket socket, Frame frame) {
        try {
            if (frame.binary()) {
                socket.sendBinary(frame.payload());
            } else {
                socket.sendText(frame.payload());
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<Integer> flood(int count) throws Exception {
        List<RawWebSocket> sockets = new ArrayList<>();
        List<Integer> closes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<RawWebSocket>> opened = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                opened.add(pool.submit(() -> RawWebSocket.connect(port, "/flood")));
            }
            for (Future<RawWebSocket> socket : opened) {
                try {
                    sockets.add(socket.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    closes.add(-1);
                }
            }
            List<Future<Integer>> codes = new ArrayList<>();
            for (RawWebSocket socket : sockets) {
                codes.add(pool.submit(socket::readCloseCode));
            }
            for (Future<Integer> code : codes) {
                closes.add(code.get());
            }
        } finally {
            for (RawWebSocket socket : sockets) {
                socket.close();
            }
        }
        return closes;
    }

    private List<Integer> slowHandshake(int silent) throws IOException {
        List<Socket> quiet = new ArrayList<>();
        List<Integer> closes = new ArrayList<>();
        try (Socket slow = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < silent; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(15_000);
                quiet.add(socket);
            }
            slow.setSoTimeout(200);
            OutputStream drip = slow.getOutputStream();
            drip.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            boolean cut = false;
            while (!cut && System.nanoTime() < deadline) {
                try {
                    drip.write('X');
                    drip.flush();
                    cut = slow.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    // Still open: one more byte.
                } catch (IOException e) {
                    cut = true;
                }
            }
            closes.add(cut ? -1 : 0);
            for (Socket socket : quiet) {
                closes.add(readsEnd(socket) ? -1 : 0);
            }
        } finally {
            for (Socket socket : quiet) {
                socket.close();
            }
        }
        return closes;
    }

    private static boolean readsEnd(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void inject(String caseId, List<String> events) throws Exception {
        String id = UUID.randomUUID().toString();
        Tags tags = new Tags("hostile", conference, caseId, null, "gw-injected");
        long now = System.currentTimeMillis();
        long frameCount = 0;
        for (String event : events) {
            String[] parts = event.split(" ", 3);
            ConnectionEvent record = switch (parts[0]) {
                case "open" ->
                    new ConnectionEvent.Opened(
                            id,
                            tags,
                            now,
                            "{\"url\":\"/\",\"startTime\":" + now + ",\"clientProtocol\":\"" + RawWebSocket.PROTOCOL
                                    + "\",\"fileFormat\":3}");
                case "frame" -> {
                    frameCount++;
                    yield new ConnectionEvent.FrameReceived(
                            id, tags, now, Long.parseLong(parts[1]), parts[2].getBytes(StandardCharsets.UTF_8));
                }
                case "close" -> new ConnectionEvent.Closed(id, tags, now, 1000, frameCount, now);
                default -> throw new IllegalArgumentException("unknown injected event: " + event);
            };
            frames.send(new ProducerRecord<>(
                            framesTopic,
                            null,
                            now,
                            ConnectionEventCodec.key(record),
                            ConnectionEventCodec.value(record),
                            ConnectionEventCodec.headers(record)))
                    .get();
        }
    }
}
