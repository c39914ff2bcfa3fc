package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.Tags;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Decides, after the 101, whether an upgraded socket becomes a session: shutdown (1001), capacity (1013), origin
 * (1008) and token (1008, no reason, like the reference) are checked in that order. A refused socket publishes
 * nothing.
 */
final class ConnectionAcceptor implements WebSocketConnectionCallback {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionAcceptor.class);
    /** RFC 6455 "try again later", which Undertow has no constant for. */
    static final int TRY_AGAIN_LATER = 1013;
    /** A refused client that never answers the close frame is cut off after this. */
    private static final long REFUSED_LINGER_MILLIS = 5_000;

    private final GatewayConfig config;
    private final TokenVerifier verifier;
    private final EventPublisher publisher;
    private final ConnectionRegistry registry;
    private final InflightBudget budget;
    private final GatewayMetrics metrics;
    private final MetadataLine metadataLine;
    private final Clock clock;

    ConnectionAcceptor(
            GatewayConfig config,
            TokenVerifier verifier,
            EventPublisher publisher,
            ConnectionRegistry registry,
            InflightBudget budget,
            GatewayMetrics metrics,
            Clock clock) {
        this.config = config;
        this.verifier = verifier;
        this.publisher = publisher;
        this.registry = registry;
        this.budget = budget;
        this.metrics = metrics;
        this.metadataLine = new MetadataLine(config.obfuscateIpAddresses());
        this.clock = clock;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        UpgradeRequest request = exchange.getAttachment(UpgradeCapture.REQUEST);
        if (registry.isDraining()) {
            refuse(channel, "shutting-down", CloseMessage.GOING_AWAY, "gateway shutting down");
            return;
        }
        if (!originAllowed(request.origin(), config.allowedOrigins())) {
            refuse(channel, "origin", CloseMessage.MSG_VIOLATES_POLICY, "origin not allowed");
            return;
        }
        Tags tags;
        switch (verifier.verify(request.token())) {
            case Authorization.Denied(String reason) -> {
                LOGGER.atDebug().addKeyValue("reason", reason).log("connection refused: unauthorised");
                refuse(channel, "unauthorized", CloseMessage.MSG_VIOLATES_POLICY, "");
                return;
            }
            case Authorization.Granted(Tags granted) -> tags = granted;
        }
        if (!registry.tryReserve()) {
            refuse(channel, "capacity", TRY_AGAIN_LATER, "too many connections");
            return;
        }
        ConnectionSession session = new ConnectionSession(
                UUID.randomUUID().toString(),
                tags.withGateway(config.gatewayId()),
                channel,
                publisher,
                metrics,
                registry,
                budget,
                config,
                clock);
        registry.add(session);
        channel.addCloseTask(closed -> session.onChannelClosed());
        channel.getReceiveSetter()
                .set(new FrameListener(session, config.limits().maxFrameBytes()));
        session.start(metadataLine.build(request, clock.millis()), request.remoteAddresses());
    }

    private static boolean originAllowed(String origin, List<String> allowed) {
        return allowed.isEmpty() || (origin != null && allowed.contains(origin));
    }

    private void refuse(WebSocketChannel channel, String reason, int code, String text) {
        metrics.rejected(reason);
        channel.getReceiveSetter().set(new RefusedConnectionListener());
        channel.resumeReceives();
        WebSockets.sendClose(code, text, channel, null);
        channel.getIoThread()
                .executeAfter(() -> IoUtils.safeClose(channel), REFUSED_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
