package dev.rtcstats.pipeline.console.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ApiCall} on a worker thread (queries block) and turns its outcome into JSON: the body with 200, an
 * {@link ApiException} with its status, an unreachable ClickHouse or S3 with 503.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(ApiHandler.class);
    private final ApiCall call;

    ApiHandler(ApiCall call) {
        this.call = call;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        try {
            Object body = call.answer(exchange, exchange.getAttachment(Authenticated.ANALYST));
            if (body != null) {
                Json.send(exchange, 200, body);
            }
        } catch (ApiException e) {
            Json.error(exchange, e.status(), e.getMessage());
        } catch (SQLException | IOException e) {
            LOGGER.atWarn()
                    .addKeyValue("path", exchange.getRequestPath())
                    .addKeyValue("error", e.toString())
                    .log("query failed");
            if (!exchange.isResponseStarted()) {
                Json.error(exchange, 503, "the data store did not answer; try again");
            }
        }
    }
}
