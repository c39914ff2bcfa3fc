package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.ConsoleMetrics;
import dev.rtcstats.pipeline.console.auth.Access;
import dev.rtcstats.pipeline.console.auth.Analyst;
import dev.rtcstats.pipeline.console.auth.AnalystTokenVerifier;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * Lets a request through only with a valid analyst token, from {@code Authorization: Bearer} or the session cookie
 * (401 otherwise), and only when its {@code tenant} parameter, if any, is the token's tenant (403 otherwise). The
 * handlers behind it scope every query by the token's tenant, never by a parameter.
 */
final class Authenticated implements HttpHandler {
    static final AttachmentKey<Analyst> ANALYST = AttachmentKey.create(Analyst.class);
    private static final String BEARER = "Bearer ";

    private final AnalystTokenVerifier verifier;
    private final ConsoleMetrics metrics;
    private final HttpHandler next;

    Authenticated(AnalystTokenVerifier verifier, ConsoleMetrics metrics, HttpHandler next) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String token = bearer(exchange);
        Access access = verifier.verify(token != null ? token : SessionCookie.read(exchange));
        switch (access) {
            case Access.Denied denied -> {
                metrics.denied(denied.reason());
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                Json.error(exchange, 401, denied.reason().message());
            }
            case Access.Granted granted -> {
                String requested;
                try {
                    requested = Parameters.optional(exchange, "tenant");
                } catch (ApiException e) {
                    Json.error(exchange, e.status(), e.getMessage());
                    return;
                }
                if (requested != null && !requested.equals(granted.analyst().tenant())) {
                    metrics.denied(Access.Reason.WRONG_TENANT);
                    Json.error(exchange, 403, Access.Reason.WRONG_TENANT.message());
                    return;
                }
                exchange.putAttachment(ANALYST, granted.analyst());
                next.handleRequest(exchange);
            }
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearer(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }
}
