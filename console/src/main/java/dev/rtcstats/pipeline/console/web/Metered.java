package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.ConsoleMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;

/** Times every request of one route into {@code rtcstats.console.requests}. */
final class Metered implements HttpHandler {
    private final String route;
    private final ConsoleMetrics metrics;
    private final HttpHandler next;

    Metered(String route, ConsoleMetrics metrics, HttpHandler next) {
        this.route = route;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long started = System.nanoTime();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            metrics.request(route, done.getStatusCode(), Duration.ofNanos(System.nanoTime() - started));
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }
}
