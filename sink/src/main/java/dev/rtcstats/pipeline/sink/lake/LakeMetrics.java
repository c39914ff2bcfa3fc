package dev.rtcstats.pipeline.sink.lake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The lake's meters: {@code rtcstats.sink.lake.*}, base units, tag values from bounded sets only. */
final class LakeMetrics {
    /** Why a record gave no rows; the row sink dead-letters the same records, so the lake only counts them. */
    enum SkipReason {
        UNDECODABLE,
        UNSUPPORTED_FORMAT;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter retries;
    private final Timer rolls;
    private final AtomicLong openFiles = new AtomicLong();
    private final AtomicLong uncommitted = new AtomicLong();

    LakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = registry.counter("rtcstats.sink.lake.retries");
        this.rolls = Timer.builder("rtcstats.sink.lake.roll.duration")
                .description("closing, uploading and committing one roll of a source partition")
                .register(registry);
        registry.gauge("rtcstats.sink.lake.open.files", openFiles);
        registry.gauge("rtcstats.sink.lake.uncommitted.records", uncommitted);
    }

    MeterRegistry registry() {
        return registry;
    }

    void fileWritten(String table, long rows, long bytes) {
        registry.counter("rtcstats.sink.lake.files.written", "table", table).increment();
        registry.counter("rtcstats.sink.lake.rows.written", "table", table).increment(rows);
        registry.counter("rtcstats.sink.lake.bytes.written", "table", table).increment(bytes);
    }

    void skipped(SkipReason reason) {
        registry.counter("rtcstats.sink.lake.records.skipped", "reason", reason.tag())
                .increment();
    }

    void retry() {
        retries.increment();
    }

    void rolled(Duration took) {
        rolls.record(took);
    }

    void openFiles(long count) {
        openFiles.set(count);
    }

    void uncommitted(long count) {
        uncommitted.set(count);
    }
}
