package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.ConsoleConfig;
import dev.rtcstats.pipeline.console.ConsoleMetrics;
import dev.rtcstats.pipeline.console.auth.AnalystTokenVerifier;
import dev.rtcstats.pipeline.console.dump.DumpStore;
import dev.rtcstats.pipeline.console.query.ConferenceQueries;
import dev.rtcstats.pipeline.console.query.TimeSeriesQueries;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The console's URL space: operators' endpoints without auth ({@code /healthcheck}, {@code /ready},
 * {@code /metrics}), the JSON API behind {@link Authenticated}, and the single-page app as static files.
 */
public final class ConsoleRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private ConsoleRoutes() {}

    /** The data and services the routes answer from. */
    public record Backends(
            ConferenceQueries conferences,
            TimeSeriesQueries series,
            DumpStore dumps,
            AnalystTokenVerifier verifier,
            ConsoleMetrics metrics,
            BooleanSupplier ready,
            Supplier<String> scrape) {}

    public static HttpHandler handler(ConsoleConfig config, Backends backends, Clock clock) {
        SessionApi session = new SessionApi(config, backends.dumps(), clock);
        SearchApi search = new SearchApi(backends.conferences(), config.ui().maxSearchRows(), clock);
        ConferenceApi conference = new ConferenceApi(
                backends.conferences(), backends.series(), config.ui().chartPoints());
        DumpApi dump = new DumpApi(backends.conferences(), backends.dumps(), backends.metrics());
        RoutingHandler routes = Handlers.routing()
                .get("/healthcheck", exchange -> text(exchange, 200, "ok"))
                .get("/ready", exchange -> ready(exchange, backends.ready()))
                .get("/metrics", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROMETHEUS_TEXT);
                    exchange.getResponseSender().send(backends.scrape().get());
                })
                .get("/api/me", api("me", backends, session::me, true))
                .post("/api/session", api("session", backends, session::signIn, true))
                .delete("/api/session", new Metered("session", backends.metrics(), session::signOut))
                .get("/api/search", api("search", backends, search::search, true))
                .get("/api/conference", api("conference", backends, conference::conference, true))
                .get("/api/conference/series", api("series", backends, conference::series, true))
                .get("/api/dump", api("dump", backends, dump::download, false))
                .setFallbackHandler(staticFiles());
        return new SecurityHeaders(routes);
    }

    private static HttpHandler api(String route, Backends backends, ApiCall call, boolean compress) {
        HttpHandler handler = new Authenticated(backends.verifier(), backends.metrics(), new ApiHandler(call));
        return new Metered(route, backends.metrics(), compress ? gzip(handler) : handler);
    }

    private static HttpHandler staticFiles() {
        ResourceHandler files = new ResourceHandler(
                        new ClassPathResourceManager(ConsoleRoutes.class.getClassLoader(), "console/static"))
                .addWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
        return gzip(files);
    }

    private static HttpHandler gzip(HttpHandler next) {
        return new EncodingHandler(
                next, new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50));
    }

    private static void ready(HttpServerExchange exchange, BooleanSupplier ready) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(() -> ready(exchange, ready));
            return;
        }
        boolean up = ready.getAsBoolean();
        text(exchange, up ? 200 : 503, up ? "ready" : "ClickHouse unreachable");
    }

    private static void text(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(body);
    }
}
