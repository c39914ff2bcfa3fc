package dev.rtcstats.pipeline.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A JDK WebSocket client that records how the gateway closed it. */
final class TestClient implements WebSocket.Listener {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    final WebSocket socket;

    private TestClient(URI uri, String subprotocol, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, this).join();
    }

    static TestClient connect(int port, String pathAndQuery) {
        return new TestClient(URI.create("ws://127.0.0.1:" + port + pathAndQuery), "rtcstats#5.0", Map.of());
    }

    static TestClient connect(int port, String pathAndQuery, String subprotocol, Map<String, String> headers) {
        return new TestClient(URI.create("ws://127.0.0.1:" + port + pathAndQuery), subprotocol, headers);
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** Sends a frame that races the server's close: once the close has arrived, the client refuses to send. */
    void sendRacingClose(String frame) {
        socket.sendText(frame, true).exceptionally(refused -> socket).join();
    }

    void close(int code) {
        socket.sendClose(code, "").join();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        closeReason.complete(reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
        closeReason.completeExceptionally(error);
    }
}
