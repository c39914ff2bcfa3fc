package dev.rtcstats.pipeline.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.Map;

/** JSON answers of the API; errors are {@code {"error": message}}. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static void send(HttpServerExchange exchange, int status, Object body) throws JsonProcessingException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    static void error(HttpServerExchange exchange, int status, String message) throws JsonProcessingException {
        send(exchange, status, Map.of("error", message));
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
