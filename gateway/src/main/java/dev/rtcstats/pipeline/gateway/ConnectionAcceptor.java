package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.Tags;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Decides, right after the 101, whether an upgraded socket becomes a session: shutdown (1001), origin (1008), token
 * (1008, no reason, like the reference), Kafka acknowledging (1013) and capacity (1013) are checked in that order; a
 * client is never accepted only to lose its frames to a Kafka that is known to be down. Until it is authorised a
 * socket holds a pre-auth slot; with none free it is cut at once, without a close frame. A refused socket publishes
 * nothing, reads nothing but the answer to its close frame, and is cut after {@link #REFUSED_LINGER_MILLIS}.
 */
final class ConnectionAcceptor implements WebSocketConnectionCallback {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionAcceptor.class);
    /** A refused client that does not answer the close frame is cut off after this. */
    static final long REFUSED_LINGER_MILLIS = 1_000;

    private final TokenVerifier verifier;
    private final AuthSettings auth;
    private final String gatewayId;
    private final MetadataLine metadataLine;
    private final SessionServices services;
    private final Slots preAuth;
    private final BooleanSupplier accepting;

    ConnectionAcceptor(
            GatewayConfig config,
            TokenVerifier verifier,
            SessionServices services,
            Slots preAuth,
            BooleanSupplier accepting) {
        this.verifier = verifier;
        this.auth = config.auth();
        this.gatewayId = config.gatewayId();
        this.metadataLine = new MetadataLine(config.obfuscateIpAddresses());
        this.services = services;
        this.preAuth = preAuth;
        this.accepting = accepting;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        if (!preAuth.tryAcquire()) {
            services.metrics().rejected(RejectReason.PREAUTH_CAPACITY);
            IoUtils.safeClose(channel);
            return;
        }
        UpgradeRequest request = exchange.getAttachment(UpgradeCapture.REQUEST);
        if (!accepting.getAsBoolean()) {
            refuse(channel, RejectReason.SHUTTING_DOWN, CloseCodes.GOING_AWAY, "gateway shutting down");
            return;
        }
        if (!auth.originAllowed(request.origin())) {
            refuse(channel, RejectReason.ORIGIN, CloseCodes.POLICY_VIOLATION, "origin not allowed");
            return;
        }
        Tags tags;
        switch (verifier.verify(request.token())) {
            case Authorization.Denied(String reason) -> {
                LOGGER.atDebug().addKeyValue("reason", reason).log("connection refused: unauthorised");
                refuse(channel, RejectReason.UNAUTHORIZED, CloseCodes.POLICY_VIOLATION, "");
                return;
            }
            case Authorization.Granted(Tags granted) -> tags = granted.withGateway(gatewayId);
        }
        if (!services.health().acknowledging()) {
            refuse(channel, RejectReason.KAFKA_UNAVAILABLE, CloseCodes.TRY_AGAIN_LATER, "event store unavailable");
            return;
        }
        if (!services.registry().tryReserve()) {
            refuse(channel, RejectReason.CAPACITY, CloseCodes.TRY_AGAIN_LATER, "too many connections");
            return;
        }
        preAuth.release();
        ConnectionSession session =
                new ConnectionSession(UUID.randomUUID().toString(), tags, new UndertowSocket(channel), services);
        services.registry().add(session);
        channel.addCloseTask(closed -> session.onSocketClosed());
        channel.getReceiveSetter()
                .set(new FrameListener(session, services.limits().maxFrameBytes()));
        session.start(metadataLine.build(request, services.clock().millis()), request.remoteAddresses());
    }

    private void refuse(WebSocketChannel channel, RejectReason reason, int code, String text) {
        services.metrics().rejected(reason);
        channel.addCloseTask(closed -> preAuth.release());
        channel.getReceiveSetter().set(RefusedSocketListener.INSTANCE);
        WebSockets.sendClose(code, text, channel, null);
        channel.resumeReceives();
        channel.getIoThread()
                .executeAfter(() -> IoUtils.safeClose(channel), REFUSED_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
