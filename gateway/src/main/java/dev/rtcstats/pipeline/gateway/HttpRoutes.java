package dev.rtcstats.pipeline.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.function.BooleanSupplier;

/**
 * Plain HTTP: {@code GET /healthcheck} (200, empty, exactly like the reference), {@code GET /ready} (200 only while
 * Kafka answers), {@code GET /metrics} (Prometheus) and the optional upload path; anything else is 404.
 */
final class HttpRoutes implements HttpHandler {
    private final BooleanSupplier kafkaReachable;
    private final PrometheusMeterRegistry registry;
    private final String uploadPath;
    private final HttpHandler upload;

    HttpRoutes(
            BooleanSupplier kafkaReachable, PrometheusMeterRegistry registry, String uploadPath, HttpHandler upload) {
        this.kafkaReachable = kafkaReachable;
        this.registry = registry;
        this.uploadPath = uploadPath;
        this.upload = upload;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        if (get && path.equals("/healthcheck") && exchange.getQueryString().isEmpty()) {
            exchange.setStatusCode(200);
            exchange.endExchange();
        } else if (get && path.equals("/ready")) {
            boolean ready = kafkaReachable.getAsBoolean();
            exchange.setStatusCode(ready ? 200 : 503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send(ready ? "ready" : "Kafka unreachable");
        } else if (get && path.equals("/metrics")) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(registry.scrape());
        } else if (uploadPath != null && exchange.getRequestMethod().equals(Methods.POST) && path.equals(uploadPath)) {
            upload.handleRequest(exchange);
        } else {
            exchange.setStatusCode(404);
            exchange.endExchange();
        }
    }
}
