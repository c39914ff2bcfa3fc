package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway's meters, named once here ({@code rtcstats.gateway.*}) so handlers only count. Every tag value comes
 * from a bounded set: reject reasons and dead-letter reasons are enums, close codes go through
 * {@link CloseCodes#label}. Per-frame counts are {@link LongAdder}s read at scrape time.
 */
final class GatewayMetrics {
    /** Bucket bounds of the frame-to-acknowledgement histogram, enough to read a p99 against 50 ms. */
    private static final Duration[] ACK_BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(3),
        Duration.ofMillis(5),
        Duration.ofMillis(7),
        Duration.ofMillis(10),
        Duration.ofMillis(15),
        Duration.ofMillis(20),
        Duration.ofMillis(30),
        Duration.ofMillis(40),
        Duration.ofMillis(50),
        Duration.ofMillis(75),
        Duration.ofMillis(100),
        Duration.ofMillis(150),
        Duration.ofMillis(200),
        Duration.ofMillis(300),
        Duration.ofMillis(500),
        Duration.ofMillis(750),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final LongAdder frames = new LongAdder();
    private final LongAdder frameBytes = new LongAdder();
    private final Counter connectionsOpened;
    private final Counter framesMalformed;
    private final Counter pauses;
    private final Counter sendFailures;
    private final Counter uploads;
    private final Timer ackLatency;
    private final AtomicInteger pausedConnections = new AtomicInteger();
    private final Map<RejectReason, Counter> rejects = new EnumMap<>(RejectReason.class);
    private final Map<GatewayDeadLetterReason, Counter> deadLetters = new EnumMap<>(GatewayDeadLetterReason.class);
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry, IntSupplier openConnections, LongSupplier inflightBytes) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        Gauge.builder("rtcstats.gateway.connections.open", openConnections::getAsInt)
                .description("WebSocket connections currently open")
                .register(registry);
        Gauge.builder("rtcstats.gateway.inflight", inflightBytes::getAsLong)
                .baseUnit("bytes")
                .description("bytes handed to Kafka and not yet acknowledged")
                .register(registry);
        Gauge.builder("rtcstats.gateway.connections.paused", pausedConnections::get)
                .description("connections whose reads are suspended until Kafka acknowledges")
                .register(registry);
        Gauge.builder("rtcstats.gateway.process.rss", GatewayMetrics::residentSetBytes)
                .baseUnit("bytes")
                .description("resident set size of the gateway process (Linux)")
                .register(registry);
        FunctionCounter.builder("rtcstats.gateway.frames", frames, LongAdder::doubleValue)
                .description("frames published")
                .register(registry);
        FunctionCounter.builder("rtcstats.gateway.frame.bytes", frameBytes, LongAdder::doubleValue)
                .baseUnit("bytes")
                .description("frame bytes published")
                .register(registry);
        connectionsOpened = Counter.builder("rtcstats.gateway.connections.opened")
                .description("connections authorised and announced")
                .register(registry);
        framesMalformed = Counter.builder("rtcstats.gateway.frames.malformed")
                .description("frames that are not one JSON array")
                .register(registry);
        pauses = Counter.builder("rtcstats.gateway.backpressure.pauses")
                .description("times a connection's reads were suspended for unacknowledged sends")
                .register(registry);
        sendFailures = Counter.builder("rtcstats.gateway.kafka.send.failures")
                .description("events Kafka did not acknowledge")
                .register(registry);
        uploads = Counter.builder("rtcstats.gateway.uploads")
                .description("HTTP dump uploads committed")
                .register(registry);
        ackLatency = Timer.builder("rtcstats.gateway.kafka.ack")
                .description("time from handing an event to the producer until Kafka acknowledged it")
                .serviceLevelObjectives(ACK_BUCKETS)
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejects.put(
                    reason,
                    Counter.builder("rtcstats.gateway.rejects")
                            .description("clients, uploads and frames refused, by reason")
                            .tag("reason", reason.label())
                            .register(registry));
        }
        for (GatewayDeadLetterReason reason : GatewayDeadLetterReason.values()) {
            deadLetters.put(
                    reason,
                    Counter.builder("rtcstats.gateway.dead.letters")
                            .description("records sent to the dead-letter topic, by stage and reason")
                            .tag("stage", DeadLetter.Stage.GATEWAY.token())
                            .tag("reason", reason.token())
                            .register(registry));
        }
    }

    /** Registers {@code rtcstats.gateway.ready} (1 or 0) and {@code rtcstats.gateway.connections.preauth}. */
    void bindHealth(BooleanSupplier ready, IntSupplier preAuthConnections) {
        Gauge.builder("rtcstats.gateway.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 while /ready answers 200: Kafka acknowledges and the gateway is not draining")
                .register(registry);
        Gauge.builder("rtcstats.gateway.connections.preauth", preAuthConnections::getAsInt)
                .description("upgraded sockets that are not, or not yet, authorised")
                .register(registry);
    }

    void connectionOpened() {
        connectionsOpened.increment();
    }

    void framePublished(int size) {
        frames.increment();
        frameBytes.add(size);
    }

    void frameMalformed() {
        framesMalformed.increment();
    }

    void rejected(RejectReason reason) {
        rejects.get(reason).increment();
    }

    void deadLettered(GatewayDeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    void closed(int code) {
        closes.computeIfAbsent(
                        CloseCodes.label(code),
                        label -> Counter.builder("rtcstats.gateway.connections.closed")
                                .description("connections closed, by close code")
                                .tag("code", label)
                                .register(registry))
                .increment();
    }

    void paused() {
        pauses.increment();
        pausedConnections.incrementAndGet();
    }

    void resumed() {
        pausedConnections.decrementAndGet();
    }

    void sendFailed() {
        sendFailures.increment();
    }

    void uploadCommitted() {
        uploads.increment();
    }

    void acknowledged(long nanos) {
        ackLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static double residentSetBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
