package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.CloseCodes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: Undertow in front, the Kafka producers behind. {@link #close()} drains it within
 * {@code GATEWAY_SHUTDOWN_GRACE}, whether or not Kafka answers: new sockets are refused with 1001 and {@code /ready}
 * turns 503, every open client is closed with 1001 (publishing its Closed), then the producers get what is left of
 * the grace to deliver, and whatever they still hold fails.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);
    /** What the grace keeps back for the producers, the probe and Undertow once the clients are closed. */
    private static final Duration STOP_RESERVE = Duration.ofMillis(1500);
    /** How far above GATEWAY_MAX_UPLOAD_BYTES Undertow's own request body cap is set. */
    private static final long UNDERTOW_MARGIN_BYTES = 1024 * 1024;

    /** CREATED until {@link #start()}; RUNNING accepts; DRAINING refuses and closes; STOPPED is final. */
    enum Lifecycle {
        CREATED,
        RUNNING,
        DRAINING,
        STOPPED
    }

    private final GatewayConfig config;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.CREATED);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Producer<byte[], byte[]> producer;
    private final ConnectionRegistry connections;
    private final FramePublisher publisher;
    private final KafkaHealth health;
    private final UploadTransactions uploads;
    private final Undertow server;

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        Limits limits = config.limits();
        this.connections = new ConnectionRegistry(limits.maxConnections());
        InflightBudget budget = new InflightBudget(limits.maxInflightBytes());
        GatewayMetrics metrics = new GatewayMetrics(registry, connections::size, budget::used);
        this.producer = KafkaProducers.frames(config.kafka(), config.gatewayId(), limits.maxFrameBytes());
        this.publisher = new FramePublisher(producer, config.kafka().framesTopic());
        TopicProbe probe = new TopicProbe(
                config.kafka().bootstrapServers(),
                producer,
                config.kafka().framesTopic(),
                config.timeouts().readyStall().dividedBy(2));
        this.health = new KafkaHealth(probe, budget, config.timeouts(), System::nanoTime);
        DeadLetters deadLetters = new DeadLetters(producer, config.kafka().deadLetterTopic(), metrics);
        SessionServices services = new SessionServices(
                publisher,
                deadLetters,
                metrics,
                connections,
                budget,
                health,
                limits,
                config.timeouts().idle().toMillis(),
                clock);
        Slots preAuth = new Slots(limits.maxPreAuthConnections());
        metrics.bindHealth(this::ready, preAuth::used);
        TokenVerifier verifier = TokenVerifiers.of(config.auth(), clock);
        this.uploads = new UploadTransactions(config, publisher, services);
        ConnectionAcceptor acceptor = new ConnectionAcceptor(config, verifier, services, preAuth, this::accepting);
        UploadHandler upload = new UploadHandler(config, verifier, services, deadLetters, uploads, this::accepting);
        int handshakeMillis = (int) config.timeouts().handshake().toMillis();
        this.server = Undertow.builder()
                .addHttpListener(config.listener().port(), config.listener().bindAddress())
                .setIoThreads(config.listener().ioThreads())
                .setServerOption(
                        UndertowOptions.MAX_HEADER_SIZE, config.listener().maxHeaderBytes())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, handshakeMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, handshakeMillis)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, 500)
                // Undertow's own default (2 MiB) would cut uploads below GATEWAY_MAX_UPLOAD_BYTES; its cap sits above
                // the gateway's so that the upload handler answers 413 and dead-letters the upload first.
                .setServerOption(
                        UndertowOptions.MAX_ENTITY_SIZE, config.upload().maxBytes() + UNDERTOW_MARGIN_BYTES)
                .setHandler(new UpgradeCapture(new WebSocketProtocolHandshakeHandler(
                        List.of(new FirstSubprotocolHandshake()),
                        acceptor,
                        Routes.of(this::ready, registry, config.upload(), upload))))
                .build();
    }

    public Gateway start() {
        if (!lifecycle.compareAndSet(Lifecycle.CREATED, Lifecycle.RUNNING)) {
            throw new IllegalStateException("the gateway was already started");
        }
        warmUp();
        health.start();
        server.start();
        LOGGER.atInfo()
                .addKeyValue("port", port())
                .addKeyValue("topic", config.kafka().framesTopic())
                .addKeyValue("auth", config.auth().enabled())
                .log("gateway started");
        return this;
    }

    /** Loads the frames topic's metadata, so that the first sends from IO threads do not wait for it. */
    private void warmUp() {
        try {
            producer.partitionsFor(config.kafka().framesTopic());
        } catch (KafkaException e) {
            LOGGER.atWarn()
                    .addKeyValue("topic", config.kafka().framesTopic())
                    .addKeyValue("error", e.toString())
                    .log("frames topic metadata not available at start; /ready stays 503 until Kafka answers");
        }
    }

    /** The bound port, useful when {@code GATEWAY_PORT=0}. */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
    }

    Lifecycle lifecycle() {
        return lifecycle.get();
    }

    private boolean accepting() {
        return lifecycle.get() == Lifecycle.RUNNING;
    }

    private boolean ready() {
        return accepting() && health.acknowledging();
    }

    @Override
    public void close() {
        if (!lifecycle.compareAndSet(Lifecycle.RUNNING, Lifecycle.DRAINING)) {
            lifecycle.compareAndSet(Lifecycle.CREATED, Lifecycle.STOPPED);
            return;
        }
        long deadline = System.nanoTime() + config.timeouts().shutdownGrace().toNanos();
        LOGGER.atInfo().addKeyValue("open", connections.size()).log("gateway draining");
        // Undertow's listener suspend() also cuts open connections, so admission stops through the lifecycle: new
        // sockets are refused with 1001 and /ready turns 503 so load balancers move traffic away.
        connections.closeAll(CloseCodes.GOING_AWAY, "gateway shutting down");
        awaitNoConnections(deadline - STOP_RESERVE.toNanos());
        connections.abortRemaining();
        // Aborted sockets publish their Closed from their IO threads; give them a moment before the producer goes.
        awaitNoConnections(Math.min(deadline - STOP_RESERVE.toNanos() / 2, System.nanoTime() + 200_000_000L));
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime() - 700_000_000L));
        uploads.close(Duration.ZERO);
        publisher.close(left);
        health.close();
        server.stop();
        lifecycle.set(Lifecycle.STOPPED);
        LOGGER.atInfo().log("gateway stopped");
    }

    private void awaitNoConnections(long deadlineNanos) {
        while (!connections.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
