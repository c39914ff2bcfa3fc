package dev.rtcstats.pipeline.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operators' HTTP port of a Kafka-side service: {@code /healthcheck} is 200 while {@code alive} holds,
 * {@code /ready} is 200 while {@code ready} holds (503 otherwise), and {@code /metrics} serves the Prometheus scrape.
 */
public final class HealthServer implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final HttpServer server;

    public HealthServer(int port, BooleanSupplier alive, BooleanSupplier ready, Supplier<String> scrape)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/healthcheck", exchange -> answer(exchange, alive.getAsBoolean(), "ok", "stopped"));
        server.createContext("/ready", exchange -> answer(exchange, ready.getAsBoolean(), "ready", "not ready"));
        server.createContext("/metrics", exchange -> send(exchange, 200, PROMETHEUS_TEXT, scrape.get()));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, boolean good, String yes, String no) throws IOException {
        send(exchange, good ? 200 : 503, "text/plain", good ? yes : no);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
