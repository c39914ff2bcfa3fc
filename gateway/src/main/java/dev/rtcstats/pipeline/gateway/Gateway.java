package dev.rtcstats.pipeline.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.CloseMessage;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: Undertow in front, the Kafka publisher behind. {@link #close()} drains it: new sockets are
 * refused with 1001 and {@code /ready} turns 503, every open client is closed with 1001 (publishing its Closed),
 * then the producer is flushed and closed.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);
    private final GatewayConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConnectionRegistry connections;
    private final KafkaEventPublisher publisher;
    private final KafkaReadiness readiness;
    private final Undertow server;

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.connections = new ConnectionRegistry(config.limits().maxConnections());
        InflightBudget budget = new InflightBudget(config.limits().maxInflightBytes());
        GatewayMetrics metrics = new GatewayMetrics(registry, connections::size, budget::used);
        this.publisher = new KafkaEventPublisher(
                KafkaEventPublisher.createProducer(
                        config.producer(), config.gatewayId(), config.limits().maxFrameBytes()),
                config.framesTopic(),
                metrics);
        this.readiness = new KafkaReadiness(config.producer().bootstrapServers(), config.readyCheckInterval());
        TokenVerifier verifier = verifier(config, clock);
        HttpRoutes routes = new HttpRoutes(
                () -> readiness.getAsBoolean() && !connections.isDraining(),
                registry,
                config.uploadPath(),
                new UploadHandler(verifier, publisher, metrics, config, clock));
        ConnectionAcceptor acceptor =
                new ConnectionAcceptor(config, verifier, publisher, connections, budget, metrics, clock);
        this.server = Undertow.builder()
                .addHttpListener(config.port(), config.bindAddress())
                .setIoThreads(config.ioThreads())
                .setServerOption(
                        UndertowOptions.MAX_ENTITY_SIZE, config.limits().maxUploadBytes())
                .setHandler(new UpgradeCapture(new WebSocketProtocolHandshakeHandler(
                        List.of(new FirstSubprotocolHandshake()), acceptor, routes)))
                .build();
    }

    private static TokenVerifier verifier(GatewayConfig config, Clock clock) {
        if (!config.auth().enabled()) {
            LOGGER.atWarn()
                    .log("RTCSTATS_JWT_SECRET and RTCSTATS_JWKS_FILE are unset: authorisation is DISABLED, "
                            + "every connection is accepted");
            return TokenVerifier.disabled();
        }
        if (config.auth().secret() != null && new HmacSecret(config.auth().secret()).isShorterThan(256)) {
            LOGGER.atWarn()
                    .log("RTCSTATS_JWT_SECRET is shorter than 32 bytes; accepted for compatibility with "
                            + "the reference server, but a longer secret is recommended (RFC 7518 section 3.2)");
        }
        return new JwtTokenVerifier(config.auth(), clock);
    }

    public Gateway start() {
        readiness.start();
        server.start();
        LOGGER.atInfo()
                .addKeyValue("port", port())
                .addKeyValue("topic", config.framesTopic())
                .addKeyValue("auth", config.auth().enabled())
                .log("gateway started");
        return this;
    }

    /** The bound port, useful when {@code GATEWAY_PORT=0}. */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
    }

    @Override
    public void close() {
        LOGGER.atInfo().addKeyValue("open", connections.size()).log("gateway draining");
        // Undertow's listener suspend() also cuts open connections, so admission stops through the registry: new
        // sockets are refused with 1001 and /ready turns 503 so load balancers move traffic away.
        connections.drain(CloseMessage.GOING_AWAY, "gateway shutting down");
        awaitNoConnections(config.shutdownGrace());
        connections.abortRemaining();
        // Aborted sockets publish their Closed from their IO threads; give them a moment before the producer goes.
        awaitNoConnections(Duration.ofSeconds(1));
        publisher.close();
        readiness.close();
        server.stop();
        LOGGER.atInfo().log("gateway stopped");
    }

    private void awaitNoConnections(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
