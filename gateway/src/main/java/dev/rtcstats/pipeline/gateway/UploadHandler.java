package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Tags;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST <uploadPath>}: a whole dump in one request, answered like the reference (403, 400, 422, 200 with the
 * new client id). It is published as Opened (the client's metadata line), frames and Closed, and the 200 is sent
 * only once Kafka acknowledged all of them.
 */
final class UploadHandler implements HttpHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(UploadHandler.class);
    /** The close code recorded for an upload, which has no socket: a normal closure. */
    static final int UPLOAD_CLOSE_CODE = 1000;

    private final TokenVerifier verifier;
    private final EventPublisher publisher;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final Clock clock;

    UploadHandler(
            TokenVerifier verifier,
            EventPublisher publisher,
            GatewayMetrics metrics,
            GatewayConfig config,
            Clock clock) {
        this.verifier = verifier;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        exchange.startBlocking();
        UpgradeRequest request = exchange.getAttachment(UpgradeCapture.REQUEST);
        Tags tags;
        switch (verifier.verify(request.token())) {
            case Authorization.Denied denied -> {
                metrics.rejected("unauthorized");
                respond(exchange, 403, "text/plain", "Forbidden");
                return;
            }
            case Authorization.Granted(Tags granted) -> tags = granted.withGateway(config.gatewayId());
        }
        byte[] body;
        try (InputStream in = exchange.getInputStream()) {
            body = in.readNBytes((int) config.limits().maxUploadBytes() + 1);
        }
        if (body.length > config.limits().maxUploadBytes()) {
            metrics.rejected("upload-too-big");
            respond(exchange, 413, "text/plain", "Payload Too Large");
            return;
        }
        switch (DumpUpload.parse(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), body)) {
            case DumpUpload.Invalid(String message) -> {
                metrics.rejected("upload-invalid");
                respond(exchange, 400, "text/plain", message);
            }
            case DumpUpload.Empty() -> {
                metrics.rejected("upload-empty");
                respond(exchange, 422, "text/plain", "Unprocessable Entity: the uploaded dump contained no messages");
            }
            case DumpUpload.Parsed parsed -> publish(exchange, tags, parsed);
        }
    }

    private void publish(HttpServerExchange exchange, Tags tags, DumpUpload.Parsed dump) {
        String clientId = UUID.randomUUID().toString();
        long now = clock.millis();
        List<CompletableFuture<Void>> acknowledgements = new ArrayList<>();
        acknowledgements.add(publisher.publish(new ConnectionEvent.Opened(clientId, tags, now, dump.metadataJson())));
        long sequence = 0;
        for (byte[] message : dump.messages()) {
            sequence++;
            acknowledgements.add(publisher.publish(
                    new ConnectionEvent.FrameReceived(clientId, tags, now, sequence, message),
                    FrameCheck.check(message)));
        }
        acknowledgements.add(publisher.publish(
                new ConnectionEvent.Closed(clientId, tags, clock.millis(), UPLOAD_CLOSE_CODE, sequence, now)));
        Duration wait =
                config.producer().deliveryTimeout().plus(config.producer().maxBlock());
        try {
            CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            metrics.uploadAccepted();
            respond(
                    exchange,
                    200,
                    "application/json",
                    "{\"message\":\"Upload successful\",\"clientId\":\"" + clientId + "\"}");
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.atWarn()
                    .addKeyValue("clientId", clientId)
                    .addKeyValue("error", e.toString())
                    .log("upload not acknowledged by Kafka");
            metrics.rejected("kafka-unavailable");
            respond(exchange, 500, "text/plain", "Internal Server Error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 500, "text/plain", "Internal Server Error");
        }
    }

    private static void respond(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body);
    }
}
