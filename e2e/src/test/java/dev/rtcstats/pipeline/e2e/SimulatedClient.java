package dev.rtcstats.pipeline.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One browser as the gateway sees it: a JDK WebSocket that sends rtcStats frames (protocol 2.0 shapes, absolute
 * times) at a random interval (100-200 ms unless given) for a given time, then closes with 1000. It keeps every frame
 * whose send completed.
 */
final class SimulatedClient implements WebSocket.Listener {
    static final String PROTOCOL = "2.0";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    final String session;
    /** Frames handed to the socket, in order. */
    final List<String> sent = new CopyOnWriteArrayList<>();
    /** The close code the gateway sent or echoed. */
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    /** Completes when the WebSocket handshake has succeeded or failed. */
    final CompletableFuture<Void> connectAttempt = new CompletableFuture<>();

    private final long minIntervalMillis;
    private final long maxIntervalMillis;
    private volatile boolean opened;

    SimulatedClient(String session) {
        this(session, Duration.ofMillis(100), Duration.ofMillis(200));
    }

    SimulatedClient(String session, Duration minInterval, Duration maxInterval) {
        this.session = session;
        this.minIntervalMillis = minInterval.toMillis();
        this.maxIntervalMillis = maxInterval.toMillis();
    }

    /** Connects, sends for {@code duration}, then closes normally; returns early if the gateway closes first. */
    void run(HttpClient http, String url, Duration duration) {
        WebSocket socket;
        CompletableFuture<WebSocket> handshake = http.newWebSocketBuilder()
                .subprotocols(PROTOCOL)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), this);
        try {
            socket = handshake.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A handshake that completes after the client gave up is cut, as a browser's would be.
            handshake.thenAccept(WebSocket::abort);
            closeCode.completeExceptionally(e);
            connectAttempt.complete(null);
            return;
        }
        opened = true;
        connectAttempt.complete(null);
        long deadline = System.nanoTime() + duration.toNanos();
        long bytes = 1000;
        try {
            send(
                    socket,
                    "[\"create\",\"PC_0\",{\"iceServers\":[],\"browserType\":\"webkit\"}," + System.currentTimeMillis()
                            + "]");
            send(
                    socket,
                    "[\"navigator.mediaDevices.getUserMedia\",null,{\"audio\":true,\"video\":true},"
                            + System.currentTimeMillis() + "]");
            while (System.nanoTime() < deadline && !closeCode.isDone()) {
                // The client's own pacing, as rtcstats' getStats interval: not a synchronisation.
                Thread.sleep(ThreadLocalRandom.current().nextLong(minIntervalMillis, maxIntervalMillis + 1));
                bytes += ThreadLocalRandom.current().nextLong(20_000, 60_000);
                long now = System.currentTimeMillis();
                send(
                        socket,
                        "[\"getstats\",\"PC_0\",{\"RTCOutboundRTPVideoStream_1\":{\"bytesSent\":" + bytes
                                + ",\"packetsSent\":" + bytes / 1100 + ",\"framesEncoded\":" + sent.size() * 3
                                + ",\"qualityLimitationReason\":\"none\",\"timestamp\":0},\"RTCTransport_0_1\":"
                                + "{\"bytesReceived\":" + bytes / 20 + ",\"timestamp\":0},\"timestamp\":" + now + "},"
                                + now + "]");
            }
            if (!closeCode.isDone()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.abort();
        } catch (Exception e) {
            // The gateway closed the socket under us (its close code arrives through onClose).
        }
    }

    private void send(WebSocket socket, String frame) throws Exception {
        socket.sendText(frame, true).get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        sent.add(frame);
    }

    boolean opened() {
        return opened;
    }

    /** The gateway's close code, or -1 while the socket is open or if it never closed properly. */
    int closeCodeNow() {
        return closeCode.isDone() && !closeCode.isCompletedExceptionally() ? closeCode.join() : -1;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }
}
