package dev.rtcstats.pipeline.console.web;

import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.Deque;

/** Typed reads of query parameters; a bad value is a 400 that names the parameter. */
final class Parameters {
    /** Longer values are no id anyone sends; refusing them keeps hostile input out of queries and logs. */
    static final int MAX_LENGTH = 1024;

    private Parameters() {}

    /** The parameter's value, or null when absent. */
    static String optional(HttpServerExchange exchange, String name) throws ApiException {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + " must be given once");
        }
        String value = values.getFirst();
        if (value.length() > MAX_LENGTH) {
            throw ApiException.badRequest(name + " is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }

    static String required(HttpServerExchange exchange, String name) throws ApiException {
        String value = optional(exchange, name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name + " is required");
        }
        return value;
    }

    /** Epoch milliseconds, or {@code fallback} when absent. */
    static Instant instant(HttpServerExchange exchange, String name, Instant fallback) throws ApiException {
        String value = optional(exchange, name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be epoch milliseconds, got '" + value + "'");
        }
    }

    static int integer(HttpServerExchange exchange, String name, int fallback, int min, int max) throws ApiException {
        String value = optional(exchange, name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.clamp(Long.parseLong(value.strip()), min, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + value + "'");
        }
    }
}
