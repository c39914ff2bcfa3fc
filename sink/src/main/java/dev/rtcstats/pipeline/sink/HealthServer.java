package dev.rtcstats.pipeline.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sink's small HTTP port: {@code /healthcheck} (the loops run), {@code /ready} (ClickHouse and S3 answer)
 * and {@code /metrics} (Prometheus text).
 */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    HealthServer(int port, BooleanSupplier alive, List<Probe> dependencies, PrometheusMeterRegistry registry)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/healthcheck", exchange -> answer(exchange, alive.getAsBoolean(), "ok", "stopped"));
        server.createContext("/ready", exchange -> answer(exchange,
                alive.getAsBoolean() && dependencies.stream().allMatch(Probe::reachable), "ready", "not ready"));
        server.createContext("/metrics", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            send(exchange, 200, registry.scrape());
        });
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean good, String yes, String no) throws IOException {
        send(exchange, good ? 200 : 503, good ? yes : no);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
