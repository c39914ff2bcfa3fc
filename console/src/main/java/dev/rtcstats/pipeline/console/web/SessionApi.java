package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.ConsoleConfig;
import dev.rtcstats.pipeline.console.auth.Analyst;
import dev.rtcstats.pipeline.console.dump.DumpStore;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;

/**
 * Who is signed in, and the browser session: {@code POST /api/session} with {@code Authorization: Bearer} stores the
 * token in the session cookie (a header other sites cannot send without CORS, which the console never grants), and
 * {@code DELETE /api/session} removes it.
 */
final class SessionApi {
    private final ConsoleConfig config;
    private final DumpStore dumps;
    private final Clock clock;

    SessionApi(ConsoleConfig config, DumpStore dumps, Clock clock) {
        this.config = config;
        this.dumps = dumps;
        this.clock = clock;
    }

    /** The analyst and what the page needs to know about this console. */
    record Me(String subject, String tenant, long expiresAt, boolean dumps, String dumpImporterUrl) {}

    Me me(HttpServerExchange exchange, Analyst analyst) {
        return new Me(
                analyst.subject(),
                analyst.tenant(),
                analyst.expiresAt().toEpochMilli(),
                dumps.enabled(),
                config.ui().dumpImporterUrl().toString());
    }

    Object signIn(HttpServerExchange exchange, Analyst analyst) throws ApiException {
        String token = Authenticated.bearer(exchange);
        if (token == null) {
            throw ApiException.badRequest("sign in with Authorization: Bearer <token>");
        }
        SessionCookie.set(
                exchange,
                token,
                analyst.expiresAt(),
                clock.instant(),
                config.auth().secureCookie());
        return me(exchange, analyst);
    }

    void signOut(HttpServerExchange exchange) {
        SessionCookie.clear(exchange, config.auth().secureCookie());
        exchange.setStatusCode(204);
        exchange.endExchange();
    }
}
