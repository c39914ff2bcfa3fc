package dev.rtcstats.pipeline.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** The gateway's meters, named once here so handlers only count. */
final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Counter connectionsOpened;
    private final Counter frames;
    private final Counter bytes;
    private final Counter framesMalformed;
    private final Counter pauses;
    private final Counter sendFailures;
    private final Counter uploads;
    private final Timer ackLatency;
    private final AtomicInteger pausedConnections = new AtomicInteger();

    GatewayMetrics(MeterRegistry registry, IntSupplier openConnections, LongSupplier inflightBytes) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        Gauge.builder("gateway.connections.open", openConnections::getAsInt)
                .description("WebSocket connections currently open")
                .register(registry);
        Gauge.builder("gateway.inflight", inflightBytes::getAsLong)
                .baseUnit("bytes")
                .description("bytes handed to Kafka and not yet acknowledged")
                .register(registry);
        Gauge.builder("gateway.connections.paused", pausedConnections::get)
                .description("connections whose reads are suspended until Kafka acknowledges")
                .register(registry);
        Gauge.builder("gateway.process.rss", GatewayMetrics::residentSetBytes)
                .baseUnit("bytes")
                .description("resident set size of the gateway process (Linux)")
                .register(registry);
        connectionsOpened = Counter.builder("gateway.connections.opened")
                .description("connections authorised and announced")
                .register(registry);
        frames = Counter.builder("gateway.frames")
                .description("frames published")
                .register(registry);
        bytes = Counter.builder("gateway.frame.bytes")
                .baseUnit("bytes")
                .description("frame bytes published")
                .register(registry);
        framesMalformed = Counter.builder("gateway.frames.malformed")
                .description("frames that are not one JSON array")
                .register(registry);
        pauses = Counter.builder("gateway.backpressure.pauses")
                .description("times a connection's reads were suspended for unacknowledged sends")
                .register(registry);
        sendFailures = Counter.builder("gateway.kafka.send.failures")
                .description("events Kafka did not acknowledge")
                .register(registry);
        uploads = Counter.builder("gateway.uploads")
                .description("HTTP dump uploads accepted")
                .register(registry);
        ackLatency = Timer.builder("gateway.kafka.ack")
                .description("time from handing an event to the producer until Kafka acknowledged it")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void connectionOpened() {
        connectionsOpened.increment();
    }

    void framePublished(int size) {
        frames.increment();
        bytes.increment(size);
    }

    void frameMalformed() {
        framesMalformed.increment();
    }

    void rejected(String reason) {
        registry.counter("gateway.rejects", "reason", reason).increment();
    }

    void closed(int code) {
        registry.counter("gateway.connections.closed", "code", Integer.toString(code))
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

    void uploadAccepted() {
        uploads.increment();
    }

    void acknowledged(long nanos) {
        ackLatency.record(Duration.ofNanos(nanos));
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
