package dev.rtcstats.pipeline.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The test's web server on 127.0.0.1: serves the loopback-call page and the two rtcStats client files, and
 * receives back what the page recorded ({@code POST /frames}) or why it failed ({@code POST /error}).
 */
final class CallPage implements AutoCloseable {
    private static final Set<String> CLIENT_FILES = Set.of("trace-ws.js", "rtcstats.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The frames the client sent, in order, once the page has closed its socket. */
    final CompletableFuture<List<String>> sentFrames = new CompletableFuture<>();

    private final HttpServer server;

    private CallPage(HttpServer server) {
        this.server = server;
    }

    static CallPage serve(Path clientDir, String webSocketUrl, int callMillis) throws IOException {
        String page;
        try (InputStream in = CallPage.class.getResourceAsStream("/call.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("/*WS_URL*/''", JSON.writeValueAsString(webSocketUrl))
                    .replace("/*CALL_MILLIS*/0", Integer.toString(callMillis));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CallPage callPage = new CallPage(server);
        byte[] pageBytes = page.getBytes(StandardCharsets.UTF_8);
        server.createContext("/call.html", exchange -> respond(exchange, 200, "text/html", pageBytes));
        server.createContext("/rtcstats/", exchange -> {
            String file = exchange.getRequestURI().getPath().substring("/rtcstats/".length());
            if (CLIENT_FILES.contains(file)) {
                respond(exchange, 200, "text/javascript", Files.readAllBytes(clientDir.resolve(file)));
            } else {
                respond(exchange, 404, "text/plain", new byte[0]);
            }
        });
        server.createContext("/frames", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            respond(exchange, 204, "text/plain", null);
            callPage.sentFrames.complete(JSON.readValue(body, new TypeReference<List<String>>() {}));
        });
        server.createContext("/error", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(exchange, 204, "text/plain", null);
            callPage.sentFrames.completeExceptionally(new AssertionError("the page failed: " + body));
        });
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain", new byte[0]));
        server.start();
        return callPage;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/call.html";
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
