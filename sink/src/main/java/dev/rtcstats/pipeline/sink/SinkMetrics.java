package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The sink's meters ({@code rtcstats.sink.*}), created once so the hot path only increments. */
final class SinkMetrics implements Values.Adjustments {
    private static final Duration[] LATENCY_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Counter sessionsWritten;
    private final Counter blobsWritten;
    private final Counter blobBytes;
    private final Counter dumpBytes;
    private final Counter unknownFeatureKeys;
    private final Map<ValueCheck, Counter> adjusted = new EnumMap<>(ValueCheck.class);
    private final Map<String, Counter> rowsWritten = new ConcurrentHashMap<>();
    private final AtomicLong openConnections = new AtomicLong();
    private final Timer batchLatency;
    private final Timer insertDuration;

    SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessionsWritten = registry.counter("rtcstats.sink.sessions.written");
        this.blobsWritten = registry.counter("rtcstats.sink.blobs.written");
        this.blobBytes = Counter.builder("rtcstats.sink.blob.compressed")
                .baseUnit("bytes")
                .register(registry);
        this.dumpBytes =
                Counter.builder("rtcstats.sink.blob.dump").baseUnit("bytes").register(registry);
        this.unknownFeatureKeys = registry.counter("rtcstats.sink.unknown.feature.keys");
        for (ValueCheck check : ValueCheck.values()) {
            adjusted.put(check, registry.counter("rtcstats.sink.values.adjusted", "check", check.token()));
        }
        registry.gauge("rtcstats.sink.open.connections", openConnections);
        // Zero series from the start, so that rate() and alerts see the first dead letter.
        for (DeadLetter.Stage stage : List.of(DeadLetter.Stage.SINK_ROWS, DeadLetter.Stage.SINK_BLOBS)) {
            for (SinkDeadLetterReason reason : SinkDeadLetterReason.values()) {
                deadLetterCounter(stage, reason);
            }
        }
        this.batchLatency = Timer.builder("rtcstats.sink.batch.latency")
                .description("time from the first record of a row batch being read until the batch was inserted")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.insertDuration = Timer.builder("rtcstats.sink.insert.duration")
                .description("time to insert one row batch into ClickHouse, all tables")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /** A row batch whose first record was read {@code waited} ago was inserted in {@code insert}. */
    void batchWritten(Duration waited, Duration insert) {
        batchLatency.record(waited);
        insertDuration.record(insert);
    }

    MeterRegistry registry() {
        return registry;
    }

    void rowsWritten(String table, int count) {
        rowsWritten
                .computeIfAbsent(table, name -> registry.counter("rtcstats.sink.rows.written", "table", name))
                .increment(count);
        if (SessionRows.TABLE.equals(table)) {
            sessionsWritten.increment(count);
        }
    }

    void blobWritten(GzipDump dump) {
        blobsWritten.increment();
        blobBytes.increment(dump.compressedBytes());
        dumpBytes.increment(dump.dumpBytes());
    }

    void retry(String target) {
        registry.counter("rtcstats.sink.retries", "target", target).increment();
    }

    void deadLetter(DeadLetter.Stage stage, SinkDeadLetterReason reason) {
        deadLetterCounter(stage, reason).increment();
    }

    private Counter deadLetterCounter(DeadLetter.Stage stage, SinkDeadLetterReason reason) {
        return registry.counter("rtcstats.sink.dead.letters", "stage", stage.token(), "reason", reason.token());
    }

    @Override
    public void adjusted(ValueCheck check) {
        adjusted.get(check).increment();
    }

    void unknownFeatureKey() {
        unknownFeatureKeys.increment();
    }

    void openConnections(long count) {
        openConnections.set(count);
    }

    /** The gauge of the rows a row loop holds in its batch, not yet inserted. */
    AtomicLong pendingRows(String loop) {
        return registry.gauge("rtcstats.sink.pending.rows", List.of(Tag.of("loop", loop)), new AtomicLong());
    }

    /** A loop's progress: records not yet committed and the age of the oldest of them. */
    void loop(String loop, Supplier<Number> uncommitted, Supplier<Number> oldestAgeSeconds) {
        registry.counter("rtcstats.sink.retries", "target", loop);
        Gauge.builder("rtcstats.sink.uncommitted.records", uncommitted)
                .tag("loop", loop)
                .register(registry);
        Gauge.builder("rtcstats.sink.oldest.uncommitted.age", oldestAgeSeconds)
                .tag("loop", loop)
                .baseUnit("seconds")
                .register(registry);
    }

    void readiness(Supplier<Number> ready) {
        Gauge.builder("rtcstats.sink.ready", ready).register(registry);
    }
}
