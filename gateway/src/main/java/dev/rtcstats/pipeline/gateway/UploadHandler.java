package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.Tags;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST <uploadPath>} on a worker thread: a whole dump in one request, answered like the reference (403, 400,
 * 422, 200 with the new client id) plus the gateway's limits (413, 408, 503). The body is read and checked into a
 * spool within {@code GATEWAY_UPLOAD_TIMEOUT}, then published in one Kafka transaction; the 200 is sent only once
 * that transaction is committed, and a refused or failed upload leaves nothing for committed readers.
 */
final class UploadHandler implements HttpHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(UploadHandler.class);
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");

    private final GatewayConfig config;
    private final TokenVerifier verifier;
    private final FramePublisher records;
    private final DeadLetters deadLetters;
    private final UploadTransactions transactions;
    private final SessionServices services;
    private final MetadataLine metadataLine;
    private final BooleanSupplier accepting;

    UploadHandler(
            GatewayConfig config,
            TokenVerifier verifier,
            SessionServices services,
            DeadLetters deadLetters,
            UploadTransactions transactions,
            BooleanSupplier accepting) {
        this.config = config;
        this.verifier = verifier;
        this.records = services.publisher();
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.services = services;
        this.metadataLine = new MetadataLine(config.obfuscateIpAddresses());
        this.accepting = accepting;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long deadline = System.nanoTime() + config.upload().timeout().toNanos();
        UpgradeRequest request = exchange.getAttachment(UpgradeCapture.REQUEST);
        if (!accepting.getAsBoolean()) {
            refuse(exchange, 503, "Service Unavailable", RejectReason.SHUTTING_DOWN);
            return;
        }
        if (!config.auth().originAllowed(request.origin())) {
            refuse(exchange, 403, "Forbidden", RejectReason.ORIGIN);
            return;
        }
        Tags tags;
        switch (verifier.verify(request.token())) {
            case Authorization.Denied denied -> {
                refuse(exchange, 403, "Forbidden", RejectReason.UNAUTHORIZED);
                return;
            }
            case Authorization.Granted(Tags granted) -> tags = granted.withGateway(config.gatewayId());
        }
        if (!services.health().acknowledging()) {
            refuse(exchange, 503, "Service Unavailable", RejectReason.KAFKA_UNAVAILABLE);
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType == null || !contentType.contains("multipart/form-data")) {
            refuse(exchange, 400, "Bad Request: Content-Type must be multipart/form-data", RejectReason.UPLOAD_INVALID);
            return;
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            refuse(exchange, 400, "Bad Request: boundary not found in Content-Type", RejectReason.UPLOAD_INVALID);
            return;
        }
        if (exchange.getRequestContentLength() > config.upload().maxBytes()) {
            refuse(exchange, 413, "Payload Too Large", RejectReason.UPLOAD_TOO_BIG);
            return;
        }
        UploadTransactions.Slot slot = transactions.tryAcquire();
        if (slot == null) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            refuse(exchange, 503, "Service Unavailable: too many uploads", RejectReason.UPLOAD_BUSY);
            return;
        }
        try {
            String clientId = UUID.randomUUID().toString();
            Upload upload = new Upload(clientId, tags, request);
            upload.run(exchange, slot, boundary.group(1) != null ? boundary.group(1) : boundary.group(2), deadline);
        } finally {
            transactions.release(slot);
        }
    }

    private void refuse(HttpServerExchange exchange, int status, String message, RejectReason reason) {
        services.metrics().rejected(reason);
        // Whatever of the body is left is not read: the connection is closed after the answer.
        exchange.setPersistent(false);
        respond(exchange, status, "text/plain", message);
    }

    private static void respond(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body);
    }

    /** One upload in progress: its id and tags, for the records and the dead letters. */
    private final class Upload implements UploadParser.Evidence {
        private final String clientId;
        private final Tags tags;
        private final UpgradeRequest request;

        Upload(String clientId, Tags tags, UpgradeRequest request) {
            this.clientId = clientId;
            this.tags = tags;
            this.request = request;
        }

        void run(HttpServerExchange exchange, UploadTransactions.Slot slot, String boundary, long deadline)
                throws IOException, InterruptedException {
            UploadBody body =
                    UploadBody.of(exchange.getRequestChannel(), config.upload().maxBytes(), deadline);
            try (UploadSpool spool = new UploadSpool(config.upload().spoolDirectory())) {
                switch (new UploadParser(config.limits(), boundary, body, spool, this).parse()) {
                    case UploadParser.Result.Refused(int status, String message, RejectReason reason) ->
                        refuse(exchange, status, message, reason);
                    case UploadParser.Result.Empty() ->
                        refuse(
                                exchange,
                                422,
                                "Unprocessable Entity: the uploaded dump contained no messages",
                                RejectReason.UPLOAD_EMPTY);
                    case UploadParser.Result.Spooled(var client) -> {
                        String metadata = metadataLine.buildForUpload(
                                request, services.clock().millis(), client);
                        publish(exchange, slot, metadata, spool, deadline);
                    }
                }
            }
        }

        private void publish(
                HttpServerExchange exchange,
                UploadTransactions.Slot slot,
                String metadata,
                UploadSpool spool,
                long deadline)
                throws InterruptedException {
            try {
                transactions.publish(slot, clientId, tags, metadata, request.remoteAddresses(), spool, deadline);
                respond(
                        exchange,
                        200,
                        "application/json",
                        "{\"message\":\"Upload successful\",\"clientId\":\"" + clientId + "\"}");
            } catch (UploadTransactions.Failed e) {
                LOGGER.atWarn()
                        .addKeyValue("clientId", clientId)
                        .addKeyValue("error", String.valueOf(e.getCause()))
                        .log("upload not committed to Kafka");
                refuse(exchange, 500, "Internal Server Error", RejectReason.KAFKA_UNAVAILABLE);
            }
        }

        @Override
        public void deadLetter(GatewayDeadLetterReason reason, byte[] value, long sequence) {
            long now = services.clock().millis();
            ConnectionEvent event = sequence == 0
                    ? new ConnectionEvent.Opened(clientId, tags, now, "")
                    : new ConnectionEvent.FrameReceived(clientId, tags, now, sequence, value);
            ProducerRecord<byte[], byte[]> shape = records.record(event, false);
            deadLetters.send(
                    reason,
                    clientId,
                    new ProducerRecord<>(
                            shape.topic(),
                            null,
                            shape.timestamp(),
                            shape.key(),
                            value,
                            ConnectionEventCodec.withTags(shape.headers(), tags)));
        }
    }
}
