package dev.rtcstats.pipeline.console.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The browser's copy of the analyst token: HttpOnly so page scripts cannot read it, SameSite=Strict so other sites
 * cannot ride on it, expiring with the token, and Secure unless CONSOLE_COOKIE_SECURE=false (plain-HTTP setups).
 */
final class SessionCookie {
    static final String NAME = "rtcstats_console";

    private SessionCookie() {}

    static String read(HttpServerExchange exchange) {
        Cookie cookie = exchange.getRequestCookie(NAME);
        return cookie == null ? null : cookie.getValue();
    }

    static void set(HttpServerExchange exchange, String token, Instant expiresAt, Instant now, boolean secure) {
        exchange.setResponseCookie(base(secure)
                .setValue(token)
                .setExpires(Date.from(expiresAt))
                .setMaxAge((int) Math.max(0, Duration.between(now, expiresAt).toSeconds())));
    }

    static void clear(HttpServerExchange exchange, boolean secure) {
        exchange.setResponseCookie(base(secure).setValue("").setMaxAge(0).setExpires(new Date(0)));
    }

    private static Cookie base(boolean secure) {
        return new CookieImpl(NAME)
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSite(true)
                .setSameSiteMode("Strict");
    }
}
