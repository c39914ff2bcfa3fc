package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Tags;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authorised WebSocket connection: publishes its {@code Opened}, each frame in order and its {@code Closed}.
 * Reads are suspended while too many of its events wait for Kafka, and a failed send closes the socket with 1011, so
 * a frame is never dropped without the client being told; no frame is published after that. A client's close is
 * answered only once Kafka acknowledged every event before it, with 1011 if one failed, so a client that hears its
 * 1000 echoed has had every frame stored. Frames are handled on the socket's IO thread; acknowledgements arrive on
 * the producer's thread. Every change of {@link Lifecycle} happens in this class, which is why it is longer than
 * most: split up, the close guard would be spread out again.
 */
final class ConnectionSession implements InflightBudget.Waiter {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionSession.class);

    /**
     * OPEN and PAUSED read frames (PAUSED waits for Kafka); PEER_CLOSED holds the client's close until its events
     * are acknowledged, which the producer's delivery timeout bounds (a failure closes with 1011); CLOSING ignores
     * frames; CLOSED has published its end.
     */
    enum Lifecycle {
        OPEN,
        PAUSED,
        PEER_CLOSED,
        CLOSING,
        CLOSED
    }

    /** The lifecycle with the close code that ended it, changed atomically so that the first close wins. */
    private record State(Lifecycle lifecycle, int closeCode) {
        boolean reading() {
            return lifecycle == Lifecycle.OPEN || lifecycle == Lifecycle.PAUSED;
        }
    }

    private static final State OPEN = new State(Lifecycle.OPEN, CloseCodes.ABNORMAL);
    private static final State PAUSED = new State(Lifecycle.PAUSED, CloseCodes.ABNORMAL);

    private final String connectionId;
    private final Tags tags;
    private final ClientSocket socket;
    private final SessionServices services;
    private final Limits limits;
    private final FramePolicy policy;
    private final AtomicReference<State> state = new AtomicReference<>(OPEN);
    private final AtomicInteger unacknowledged = new AtomicInteger();
    /** The record key, the connection id in UTF-8, encoded once. */
    private final byte[] key;
    /** Frames published; written and read on the IO thread only. */
    private long frames;
    /** Whether the last send found the gateway-wide budget exhausted; IO thread only. */
    private boolean budgetExhausted;

    private long lastFrameNanos;
    private volatile long lastFrameAt;

    ConnectionSession(String connectionId, Tags tags, ClientSocket socket, SessionServices services) {
        this.connectionId = connectionId;
        this.key = connectionId.getBytes(StandardCharsets.UTF_8);
        this.tags = tags;
        this.socket = socket;
        this.services = services;
        this.limits = services.limits();
        this.lastFrameNanos = System.nanoTime();
        this.policy = new FramePolicy(limits, services.metrics(), lastFrameNanos);
    }

    Lifecycle lifecycle() {
        return state.get().lifecycle();
    }

    /**
     * IO thread: announces the connection and starts reading; frames sent meanwhile wait in the socket. The raw
     * remote addresses travel in the open record for the enricher's geolocation.
     */
    void start(String metadataJson, List<String> remoteAddresses) {
        long now = services.clock().millis();
        lastFrameAt = now;
        services.metrics().connectionOpened();
        // Resumed first so that a pause decided by send() wins; no frame is handled before this method returns.
        socket.resumeReads();
        send(
                new ConnectionEvent.Opened(connectionId, tags, now, metadataJson, remoteAddresses),
                false,
                metadataJson.length());
        socket.schedule(this::checkIdle, services.idleTimeoutMillis());
    }

    /** IO thread: one whole frame, already checked for size and UTF-8. */
    void onFrame(byte[] payload) {
        if (!state.get().reading()) {
            services.metrics().rejected(RejectReason.AFTER_CLOSE);
            return;
        }
        lastFrameNanos = System.nanoTime();
        switch (policy.judge(payload, frames, lastFrameNanos)) {
            case FramePolicy.Verdict.Publish(boolean malformed) -> {
                long now = services.clock().millis();
                lastFrameAt = now;
                frames++;
                services.metrics().framePublished(payload.length);
                track(payload.length);
                services.publisher()
                        .publishFrame(
                                key,
                                now,
                                frames,
                                payload,
                                malformed,
                                new Delivery(this, payload.length, System.nanoTime()));
                pauseIfFull();
            }
            case FramePolicy.Verdict.Drop(RejectReason reason, GatewayDeadLetterReason deadLetter) ->
                deadLetter(payload, reason, deadLetter);
            case FramePolicy.Verdict.Close(RejectReason reason, GatewayDeadLetterReason deadLetter, String text) -> {
                deadLetter(payload, reason, deadLetter);
                close(CloseCodes.POLICY_VIOLATION, text);
            }
        }
    }

    private void deadLetter(byte[] payload, RejectReason reason, GatewayDeadLetterReason deadLetterReason) {
        services.metrics().rejected(reason);
        ConnectionEvent.FrameReceived refused = new ConnectionEvent.FrameReceived(
                connectionId, tags, services.clock().millis(), frames + 1, payload);
        services.deadLetters()
                .send(deadLetterReason, connectionId, services.publisher().refused(refused));
    }

    private void send(ConnectionEvent event, boolean malformed, int bytes) {
        track(bytes);
        services.publisher().publish(event, malformed, new Delivery(this, bytes, System.nanoTime()));
        pauseIfFull();
    }

    /** Counts an event as waiting for Kafka, before it is handed over (its acknowledgement may come at once). */
    private void track(int bytes) {
        unacknowledged.incrementAndGet();
        budgetExhausted = services.budget().take(bytes);
    }

    private void pauseIfFull() {
        boolean full = unacknowledged.get() >= limits.maxUnackedFrames() || budgetExhausted;
        if (full && state.compareAndSet(OPEN, PAUSED)) {
            socket.suspendReads();
            services.metrics().paused();
            // An acknowledgement may have arrived between the count and the suspend: check again.
            resumeIfDrained();
        }
    }

    /** Producer thread: one of this connection's events was acknowledged, or failed. */
    private void delivered(int bytes, long sentNanos, Exception error) {
        if (error != null) {
            // Closed before the count drops, so that a waiting peer close can never be answered with its own code.
            failed(error);
        }
        unacknowledged.decrementAndGet();
        services.budget().release(bytes);
        if (error == null) {
            services.health().acknowledged();
            services.metrics().acknowledged(System.nanoTime() - sentNanos);
            resumeIfDrained();
            answerPeerIfAcknowledged();
        }
    }

    private void failed(Exception error) {
        services.health().failed(error);
        services.metrics().sendFailed();
        State previous = state.getAndUpdate(current -> current.reading() || current.lifecycle() == Lifecycle.PEER_CLOSED
                ? new State(Lifecycle.CLOSING, CloseCodes.INTERNAL_ERROR)
                : current);
        if (previous.lifecycle() == Lifecycle.CLOSING || previous.lifecycle() == Lifecycle.CLOSED) {
            return;
        }
        if (previous == PAUSED) {
            services.metrics().resumed();
        }
        socket.execute(() -> socket.close(CloseCodes.INTERNAL_ERROR, "event store unavailable"));
        services.metrics().rejected(RejectReason.KAFKA_UNAVAILABLE);
        LOGGER.atWarn()
                .addKeyValue("connectionId", connectionId)
                .addKeyValue("error", error.toString())
                .log("Kafka did not acknowledge an event; closing the connection");
    }

    /** Any thread: answers a waiting peer close with its own code once nothing waits for Kafka any more. */
    private void answerPeerIfAcknowledged() {
        if (unacknowledged.get() > 0) {
            return;
        }
        State current = state.get();
        if (current.lifecycle() == Lifecycle.PEER_CLOSED
                && state.compareAndSet(current, new State(Lifecycle.CLOSING, current.closeCode()))) {
            socket.execute(() -> socket.close(current.closeCode(), ""));
        }
    }

    /** Resumes reading once this connection's own sends and the gateway-wide budget have room again. */
    @Override
    public void resumeIfDrained() {
        if (unacknowledged.get() > limits.maxUnackedFrames() / 2) {
            return;
        }
        if (services.budget().isExhausted()) {
            services.budget().awaitRoom(this);
            // Room may have been made between the check and the registration, with no one left to wake us.
            if (services.budget().isExhausted()) {
                return;
            }
        }
        if (state.compareAndSet(PAUSED, OPEN)) {
            services.metrics().resumed();
            socket.execute(() -> {
                if (state.get() == OPEN) {
                    socket.resumeReads();
                }
            });
        }
    }

    private void checkIdle() {
        State current = state.get();
        long limitMillis = services.idleTimeoutMillis();
        if (current == PAUSED) {
            // A paused connection is not read, so its silence proves nothing: look again later.
            socket.schedule(this::checkIdle, limitMillis);
            return;
        }
        if (current != OPEN) {
            return;
        }
        long idleMillis = (System.nanoTime() - lastFrameNanos) / 1_000_000;
        if (idleMillis < limitMillis) {
            socket.schedule(this::checkIdle, limitMillis - idleMillis);
        } else if (close(CloseCodes.GOING_AWAY, "idle timeout")) {
            services.metrics().rejected(RejectReason.IDLE_TIMEOUT);
        }
    }

    /** Closes the socket with {@code code} from any thread; true when this call started the close. */
    boolean close(int code, String reason) {
        if (!toClosing(code)) {
            return false;
        }
        socket.execute(() -> socket.close(code, reason));
        return true;
    }

    private boolean toClosing(int code) {
        State previous =
                state.getAndUpdate(current -> current.reading() ? new State(Lifecycle.CLOSING, code) : current);
        if (previous == PAUSED) {
            services.metrics().resumed();
        }
        return previous.reading();
    }

    /** Closes the socket with {@code code} for {@code reason}, counted once. */
    void closeFor(RejectReason reason, int code, String text) {
        if (close(code, text)) {
            services.metrics().rejected(reason);
        }
    }

    /**
     * IO thread: the peer sent a close frame; its code counts unless the gateway closed first. It is answered, with
     * the same code, only once every event of this connection is acknowledged (a failure answers 1011 instead).
     */
    void onPeerClose(int code) {
        State previous =
                state.getAndUpdate(current -> current.reading() ? new State(Lifecycle.PEER_CLOSED, code) : current);
        if (previous == PAUSED) {
            services.metrics().resumed();
        }
        if (previous.reading()) {
            answerPeerIfAcknowledged();
        }
    }

    /** The protocol layer already sent {@code code} (1007, 1009) and the socket is going down. */
    void onProtocolError(RejectReason reason, int code) {
        services.metrics().rejected(reason);
        toClosing(code);
    }

    /**
     * Reading failed (reset, broken pipe). Counted only when the peer had not closed yet: a client that sends its
     * close frame and drops the TCP connection at once is not an error.
     */
    void onTransportError() {
        if (toClosing(CloseCodes.ABNORMAL)) {
            services.metrics().rejected(RejectReason.IO_ERROR);
        }
    }

    void abort() {
        socket.abort();
    }

    /** IO thread, once the socket is closed: publishes {@code Closed} with the frame count. */
    void onSocketClosed() {
        State previous = state.getAndSet(new State(Lifecycle.CLOSED, CloseCodes.ABNORMAL));
        if (previous.lifecycle() == Lifecycle.CLOSED) {
            return;
        }
        if (previous == PAUSED) {
            services.metrics().resumed();
        }
        services.budget().forget(this);
        int code = previous.closeCode();
        if (code == CloseCodes.ABNORMAL && socket.protocolCloseCode() > 0) {
            // Undertow closed it for a protocol violation (1007) before the listener heard of the error.
            code = socket.protocolCloseCode();
        }
        services.metrics().closed(code);
        ConnectionEvent.Closed closed =
                new ConnectionEvent.Closed(connectionId, tags, services.clock().millis(), code, frames, lastFrameAt);
        services.publisher().publish(closed, false, (metadata, error) -> {
            if (error != null) {
                services.health().failed(error);
                LOGGER.atWarn()
                        .addKeyValue("connectionId", connectionId)
                        .addKeyValue("error", error.toString())
                        .log("close event not acknowledged");
            }
        });
        // Released only now, so a draining gateway closes the producer after this Closed was handed to it.
        services.registry().release(this);
    }

    /** The acknowledgement of one event, back to its session. */
    private record Delivery(ConnectionSession session, int bytes, long sentNanos) implements Callback {
        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            session.delivered(bytes, sentNanos, error);
        }
    }
}
