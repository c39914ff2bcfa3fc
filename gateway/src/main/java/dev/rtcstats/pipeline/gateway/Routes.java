package dev.rtcstats.pipeline.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.util.function.BooleanSupplier;

/**
 * The plain HTTP side: {@code GET /healthcheck} (200, empty, exactly like the reference), {@code GET /ready} (200
 * only while Kafka acknowledges and the gateway is not draining), {@code GET /metrics} (Prometheus) and the optional
 * upload, which blocks a worker thread; anything else is 404, as with the reference.
 */
final class Routes {
    private Routes() {}

    static RoutingHandler of(
            BooleanSupplier ready, PrometheusMeterRegistry registry, UploadSettings upload, HttpHandler uploads) {
        RoutingHandler routes = Handlers.routing()
                .get("/healthcheck", Routes::healthcheck)
                .get("/ready", exchange -> ready(exchange, ready.getAsBoolean()))
                .get("/metrics", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    exchange.getResponseSender().send(registry.scrape());
                })
                .setFallbackHandler(Routes::notFound)
                .setInvalidMethodHandler(Routes::notFound);
        if (upload.enabled()) {
            routes.post(upload.path(), new BlockingHandler(uploads));
        }
        return routes;
    }

    private static void healthcheck(HttpServerExchange exchange) {
        // The reference matches the whole request URL, so a query string makes it a 404.
        exchange.setStatusCode(exchange.getQueryString().isEmpty() ? 200 : 404);
        exchange.endExchange();
    }

    private static void ready(HttpServerExchange exchange, boolean ready) {
        exchange.setStatusCode(ready ? 200 : 503);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(ready ? "ready" : "not ready");
    }

    private static void notFound(HttpServerExchange exchange) {
        exchange.setStatusCode(404);
        exchange.endExchange();
    }
}
