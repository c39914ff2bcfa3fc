package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ConnectionSessionTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final FakeSocket socket = new FakeSocket();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InflightBudget budget = new InflightBudget(1 << 20);

    private ConnectionSession session(Limits limits) {
        return session(limits, producer, socket);
    }

    private ConnectionSession session(Limits limits, MockProducer<byte[], byte[]> producer, FakeSocket socket) {
        GatewayMetrics metrics = new GatewayMetrics(meters, () -> 0, budget::used);
        KafkaHealth health = new KafkaHealth(new AlwaysUp(), budget, Timeouts.DEFAULTS, System::nanoTime);
        SessionServices services = new SessionServices(
                new FramePublisher(producer, "frames"),
                new DeadLetters(producer, "dead-letters", metrics),
                metrics,
                new ConnectionRegistry(10),
                budget,
                health,
                limits,
                60_000,
                Clock.systemUTC());
        ConnectionSession session = new ConnectionSession("c-1", new Tags("u", "c", "s", null, "gw"), socket, services);
        session.start("{\"fileFormat\":3}", List.of("203.0.113.9"));
        return session;
    }

    private static Limits limits(int maxUnacked, int burst, NonJsonFrames policy) {
        return new Limits(1024, 1, burst, 1_000_000, 10, 10, maxUnacked, 1 << 20, policy);
    }

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<ConnectionEvent> published(String topic) {
        return producer.history().stream()
                .filter(record -> record.topic().equals(topic))
                .map(r -> ConnectionEventCodec.decode(r.key(), r.headers(), r.value()))
                .toList();
    }

    @Test
    void shouldPauseReadsWhenUnacknowledgedFramesReachTheLimitAndResumeWhenAcknowledged() {
        // Given
        ConnectionSession session = session(limits(4, 100, NonJsonFrames.TAG));

        // When
        session.onFrame(frame("[1]"));
        session.onFrame(frame("[2]"));
        session.onFrame(frame("[3]"));

        // Then
        assertThat(session.lifecycle()).isEqualTo(ConnectionSession.Lifecycle.PAUSED);
        assertThat(socket.calls).containsExactly("resume", "suspend");
        while (producer.completeNext()) {
            // acknowledge everything
        }
        assertThat(session.lifecycle()).isEqualTo(ConnectionSession.Lifecycle.OPEN);
        assertThat(socket.calls).containsExactly("resume", "suspend", "resume");
        assertThat(budget.used()).isZero();
    }

    @Test
    void shouldCloseWith1011AndPublishNoLaterFrameButTheCloseWhenASendFails() {
        // Given
        ConnectionSession session = session(limits(256, 100, NonJsonFrames.TAG));
        session.onFrame(frame("[1]"));

        // When
        producer.completeNext();
        producer.errorNext(new TimeoutException("no broker"));
        session.onFrame(frame("[2]"));
        session.onSocketClosed();

        // Then
        assertThat(socket.calls).contains("close 1011 event store unavailable");
        assertThat(session.lifecycle()).isEqualTo(ConnectionSession.Lifecycle.CLOSED);
        assertThat(published("frames"))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("Opened", "FrameReceived", "Closed");
        assertThat((ConnectionEvent.Closed) published("frames").getLast())
                .extracting(ConnectionEvent.Closed::code, ConnectionEvent.Closed::frames)
                .containsExactly(CloseCodes.INTERNAL_ERROR, 1L);
    }

    @Test
    void shouldDeadLetterTheFrameAndCloseWith1008WhenTheRateIsExceeded() {
        // Given
        ConnectionSession session = session(limits(256, 2, NonJsonFrames.TAG));

        // When
        session.onFrame(frame("[1]"));
        session.onFrame(frame("[2]"));
        session.onFrame(frame("[3]"));
        session.onFrame(frame("[4]"));

        // Then
        assertThat(socket.calls).containsOnlyOnce("close 1008 frame rate limit exceeded");
        ProducerRecord<byte[], byte[]> letter = producer.history().stream()
                .filter(record -> record.topic().equals("dead-letters"))
                .findFirst()
                .orElseThrow();
        DeadLetter deadLetter = DeadLetter.fromHeaders(letter.headers());
        assertThat(deadLetter.stage()).isEqualTo(DeadLetter.Stage.GATEWAY);
        assertThat(deadLetter.reason()).isEqualTo("frame-rate");
        assertThat(deadLetter.connectionId()).isEqualTo("c-1");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("[3]");
        assertThat(ConnectionEventCodec.decode(letter.key(), letter.headers(), letter.value())
                        .tags())
                .as("a dead-lettered frame carries its connection's tags; frame records do not")
                .isEqualTo(new Tags("u", "c", "s", null, "gw"));
        assertThat(published("frames")).hasSize(3);
        assertThat(published("frames").get(1).tags()).isEqualTo(Tags.NONE);
        assertThat(meters.get("rtcstats.gateway.dead.letters")
                        .tag("reason", "frame-rate")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldDropAndDeadLetterFramesThatAreNotArraysWhenThePolicyIsDrop() {
        // Given
        ConnectionSession session = session(limits(256, 100, NonJsonFrames.DROP));

        // When
        session.onFrame(frame("not json"));
        session.onFrame(frame("[1]"));

        // Then
        assertThat(published("frames"))
                .filteredOn(ConnectionEvent.FrameReceived.class::isInstance)
                .extracting(event -> ((ConnectionEvent.FrameReceived) event).text())
                .containsExactly("[1]");
        assertThat(producer.history())
                .filteredOn(r -> r.topic().equals("dead-letters"))
                .hasSize(1);
        assertThat(session.lifecycle()).isEqualTo(ConnectionSession.Lifecycle.OPEN);
    }

    @Test
    void shouldKeepThePeersCodeAndIgnoreLaterFramesWhenThePeerClosesFirst() {
        // Given
        ConnectionSession session = session(limits(256, 100, NonJsonFrames.TAG));

        // When
        session.onPeerClose(4000);
        session.onFrame(frame("[1]"));
        boolean closedByGateway = session.close(CloseCodes.GOING_AWAY, "shutting down");
        session.onSocketClosed();
        session.onSocketClosed();

        // Then
        assertThat(closedByGateway).isFalse();
        assertThat(published("frames")).hasSize(2);
        assertThat(((ConnectionEvent.Closed) published("frames").getLast()).code())
                .isEqualTo(4000);
        assertThat(meters.get("rtcstats.gateway.connections.closed")
                        .tag("code", "other")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("rtcstats.gateway.rejects")
                        .tag("reason", "after-close")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldAnswerThePeersCloseOnlyOnceKafkaAcknowledgedEveryEvent() {
        // Given
        ConnectionSession session = session(limits(256, 100, NonJsonFrames.TAG));
        session.onFrame(frame("[1]"));

        // When
        session.onPeerClose(CloseCodes.NORMAL);
        ConnectionSession.Lifecycle waiting = session.lifecycle();
        List<String> beforeAcknowledgements = List.copyOf(socket.calls);
        producer.completeNext();
        List<String> afterOpenAcknowledged = List.copyOf(socket.calls);
        producer.completeNext();
        ConnectionSession.Lifecycle answered = session.lifecycle();
        session.onSocketClosed();
        session.onSocketClosed();

        // Then
        assertThat(waiting).isEqualTo(ConnectionSession.Lifecycle.PEER_CLOSED);
        assertThat(beforeAcknowledgements).noneMatch(call -> call.startsWith("close"));
        assertThat(afterOpenAcknowledged).noneMatch(call -> call.startsWith("close"));
        assertThat(answered).isEqualTo(ConnectionSession.Lifecycle.CLOSING);
        assertThat(socket.calls).containsOnlyOnce("close 1000 ");
        assertThat(published("frames"))
                .filteredOn(ConnectionEvent.Closed.class::isInstance)
                .singleElement()
                .extracting(event -> ((ConnectionEvent.Closed) event).code())
                .isEqualTo(CloseCodes.NORMAL);
        assertThat(meters.get("rtcstats.gateway.connections.closed")
                        .tag("code", CloseCodes.label(CloseCodes.NORMAL))
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldAnswerThePeersNormalCloseWith1011WhenAnEventBeforeItFails() {
        // Given
        ConnectionSession session = session(limits(256, 100, NonJsonFrames.TAG));
        session.onFrame(frame("[1]"));
        session.onPeerClose(CloseCodes.NORMAL);

        // When
        producer.completeNext();
        producer.errorNext(new TimeoutException("no broker"));
        session.onSocketClosed();

        // Then
        assertThat(socket.calls)
                .containsOnlyOnce("close 1011 event store unavailable")
                .doesNotContain("close 1000 ");
        assertThat(((ConnectionEvent.Closed) published("frames").getLast()).code())
                .isEqualTo(CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void shouldCountAPausedConnectionAsResumedWhenThePeerClosesIt() {
        // Given
        ConnectionSession session = session(limits(2, 100, NonJsonFrames.TAG));
        session.onFrame(frame("[1]"));
        double pausedBefore = pausedGauge();

        // When
        session.onPeerClose(CloseCodes.NORMAL);
        double pausedAfter = pausedGauge();
        while (producer.completeNext()) {
            // acknowledge everything
        }
        session.onSocketClosed();

        // Then
        assertThat(pausedBefore).isEqualTo(1.0);
        assertThat(pausedAfter).isZero();
        assertThat(pausedGauge()).isZero();
        assertThat(socket.calls).containsOnlyOnce("close 1000 ");
    }

    @Test
    void shouldAnswerThePeersCloseExactlyOnceWhenTheLastAcknowledgementRacesIt() throws Exception {
        for (int round = 0; round < 300; round++) {
            // Given
            MockProducer<byte[], byte[]> kafka =
                    new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
            FakeSocket client = new FakeSocket();
            ConnectionSession session = session(limits(256, 100, NonJsonFrames.TAG), kafka, client);
            session.onFrame(frame("[1]"));
            kafka.completeNext();
            CountDownLatch start = new CountDownLatch(1);
            Thread producerThread = Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                kafka.completeNext();
            });

            // When
            start.countDown();
            session.onPeerClose(CloseCodes.NORMAL);
            producerThread.join();

            // Then
            assertThat(client.calls).as("round %d", round).containsOnlyOnce("close 1000 ");
        }
    }

    private double pausedGauge() {
        return meters.get("rtcstats.gateway.connections.paused").gauge().value();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs everything at once on the calling thread and records what was done to the socket. */
    private static final class FakeSocket implements ClientSocket {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            // Idle checks are left to the integration tests.
        }

        @Override
        public void suspendReads() {
            calls.add("suspend");
        }

        @Override
        public void resumeReads() {
            calls.add("resume");
        }

        @Override
        public void close(int code, String reason) {
            calls.add("close " + code + " " + reason);
        }

        @Override
        public void abort() {
            calls.add("abort");
        }

        @Override
        public int protocolCloseCode() {
            return -1;
        }
    }

    private static final class AlwaysUp implements KafkaHealth.Probe {
        @Override
        public boolean succeeds(java.time.Duration timeout) {
            return true;
        }

        @Override
        public void close() {}
    }
}
