package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Tags;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One authorised WebSocket connection: publishes its {@code Opened}, each frame in order and its {@code Closed}.
 * Reads are suspended while too many of its events wait for Kafka, and a failed send closes the socket with 1011, so
 * a frame is never dropped without the client being told. Frame handling runs on the channel's IO thread.
 */
final class ConnectionSession {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionSession.class);
    /** The code when the peer went away without a close frame. */
    static final int ABNORMAL = 1006;

    private static final long CLOSE_HANDSHAKE_MILLIS = 5_000;

    private final String connectionId;
    private final Tags tags;
    private final WebSocketChannel channel;
    private final EventPublisher publisher;
    private final GatewayMetrics metrics;
    private final ConnectionRegistry registry;
    private final InflightBudget budget;
    private final GatewayConfig.Limits limits;
    private final GatewayConfig.NonJsonFrames nonJsonFrames;
    private final Clock clock;
    private final FrameRateLimiter rateLimiter;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile long lastFrameAt;
    private volatile boolean closing;
    private volatile int closeCode = ABNORMAL;

    ConnectionSession(
            String connectionId,
            Tags tags,
            WebSocketChannel channel,
            EventPublisher publisher,
            GatewayMetrics metrics,
            ConnectionRegistry registry,
            InflightBudget budget,
            GatewayConfig config,
            Clock clock) {
        this.connectionId = connectionId;
        this.tags = tags;
        this.channel = channel;
        this.publisher = publisher;
        this.metrics = metrics;
        this.registry = registry;
        this.budget = budget;
        this.limits = config.limits();
        this.nonJsonFrames = config.nonJsonFrames();
        this.clock = clock;
        this.rateLimiter = new FrameRateLimiter(limits.maxFramesPerSecond(), limits.frameBurst(), System.nanoTime());
    }

    /**
     * Announces the connection and starts reading; frames sent meanwhile wait in the socket. The raw remote
     * addresses travel in the open record for the enricher's geolocation.
     */
    void start(String metadataJson, List<String> remoteAddresses) {
        long now = clock.millis();
        lastFrameAt = now;
        metrics.connectionOpened();
        // Resumed first so that a pause decided by track() wins; no frame is handled before this method returns,
        // as both run on the channel's IO thread.
        channel.resumeReceives();
        track(
                publisher.publish(new ConnectionEvent.Opened(connectionId, tags, now, metadataJson, remoteAddresses)),
                metadataJson.length());
    }

    void onFrame(byte[] payload) {
        if (closing) {
            metrics.rejected("after-close");
            return;
        }
        if (frames.get() >= limits.maxFramesPerConnection()) {
            reject("frames-per-connection", CloseMessage.MSG_VIOLATES_POLICY, "too many frames for one connection");
            return;
        }
        if (!rateLimiter.tryAcquire(System.nanoTime())) {
            reject("frame-rate", CloseMessage.MSG_VIOLATES_POLICY, "frame rate limit exceeded");
            return;
        }
        FrameCheck.Verdict verdict = FrameCheck.check(payload);
        if (verdict == FrameCheck.Verdict.NOT_JSON_ARRAY) {
            metrics.frameMalformed();
            switch (nonJsonFrames) {
                case DROP -> {
                    metrics.rejected("not-json-array");
                    return;
                }
                case REJECT -> {
                    reject("not-json-array", CloseMessage.MSG_VIOLATES_POLICY, "frame is not a JSON array");
                    return;
                }
                case TAG -> {
                    // published below, marked by the publisher
                }
            }
        }
        long now = clock.millis();
        lastFrameAt = now;
        long sequence = frames.incrementAndGet();
        metrics.framePublished(payload.length);
        track(
                publisher.publish(
                        new ConnectionEvent.FrameReceived(connectionId, tags, now, sequence, payload), verdict),
                payload.length);
    }

    private void track(CompletableFuture<Void> acknowledged, int bytes) {
        int waiting = unacknowledged.incrementAndGet();
        boolean exhausted = budget.take(bytes);
        acknowledged.whenComplete((ignored, error) -> onAcknowledged(error, bytes));
        if ((waiting >= limits.maxUnackedFrames() || exhausted) && paused.compareAndSet(false, true)) {
            channel.suspendReceives();
            metrics.paused();
            // An acknowledgement may have arrived between the count and the suspend: check again.
            resumeIfDrained();
        }
    }

    private void onAcknowledged(Throwable error, int bytes) {
        unacknowledged.decrementAndGet();
        budget.release(bytes);
        if (error != null) {
            if (!failed.compareAndSet(false, true)) {
                return;
            }
            LOGGER.atWarn()
                    .addKeyValue("connectionId", connectionId)
                    .addKeyValue("error", error.toString())
                    .log("Kafka did not acknowledge an event; closing the connection");
            metrics.rejected("kafka-unavailable");
            requestClose(CloseMessage.UNEXPECTED_ERROR, "event store unavailable");
            return;
        }
        resumeIfDrained();
    }

    /** Resumes reading once this connection's own sends and the gateway-wide budget have room again. */
    void resumeIfDrained() {
        if (unacknowledged.get() > limits.maxUnackedFrames() / 2) {
            return;
        }
        if (budget.isExhausted()) {
            budget.awaitRoom(this);
            // Room may have been made between the check and the registration, with no one left to wake us.
            if (budget.isExhausted()) {
                return;
            }
        }
        if (paused.compareAndSet(true, false)) {
            metrics.resumed();
            channel.getIoThread().execute(() -> {
                if (!closing) {
                    channel.resumeReceives();
                }
            });
        }
    }

    private void reject(String reason, int code, String text) {
        metrics.rejected(reason);
        closeNow(code, text);
    }

    /** Closes the socket with {@code code} from any thread; the first close wins. */
    void requestClose(int code, String reason) {
        channel.getIoThread().execute(() -> closeNow(code, reason));
    }

    private void closeNow(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closeCode = code;
        // The peer's close frame must still be read to finish the handshake; frames before it are ignored.
        channel.resumeReceives();
        WebSockets.sendClose(code, reason, channel, null);
        channel.getIoThread().executeAfter(this::abort, CLOSE_HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The peer sent a close frame; its code counts unless the gateway closed first. */
    void onPeerClose(int code) {
        if (!closing) {
            closeCode = code;
            closing = true;
        }
    }

    /** The protocol layer already sent {@code code} (1007, 1009) and the socket is going down. */
    void onProtocolError(int code, String reason) {
        metrics.rejected(reason);
        if (!closing) {
            closing = true;
            closeCode = code;
        }
    }

    /**
     * Reading failed (reset, broken pipe). Counted only when the peer had not closed yet: a client that sends its
     * close frame and drops the TCP connection at once is not an error.
     */
    void onTransportError() {
        if (!closing) {
            closing = true;
            metrics.rejected("io-error");
        }
    }

    void abort() {
        IoUtils.safeClose(channel);
    }

    /** Runs once the socket is closed: publishes {@code Closed} with the frame count. */
    void onChannelClosed() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (paused.compareAndSet(true, false)) {
            metrics.resumed();
        }
        budget.forget(this);
        int code = closeCode;
        if (code == ABNORMAL && channel.isCloseFrameSent() && channel.getCloseCode() > 0) {
            // Undertow closed it for a protocol violation (1007) before the listener heard of the error.
            code = channel.getCloseCode();
        }
        metrics.closed(code);
        ConnectionEvent.Closed closed =
                new ConnectionEvent.Closed(connectionId, tags, clock.millis(), code, frames.get(), lastFrameAt);
        publisher.publish(closed).whenComplete((ignored, error) -> {
            if (error != null) {
                LOGGER.atWarn()
                        .addKeyValue("connectionId", connectionId)
                        .addKeyValue("error", error.toString())
                        .log("close event not acknowledged");
            }
        });
        // Released only now, so a draining gateway closes the producer after this Closed was handed to it.
        registry.release(this);
        LOGGER.atDebug()
                .addKeyValue("connectionId", connectionId)
                .addKeyValue("code", code)
                .addKeyValue("frames", frames.get())
                .log("connection closed");
    }
}
