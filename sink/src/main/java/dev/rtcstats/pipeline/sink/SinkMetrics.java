package dev.rtcstats.pipeline.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/** The sink's Prometheus meters, created once so the hot path only increments. */
final class SinkMetrics {
    private final MeterRegistry registry;
    private final Counter sessionsWritten;
    private final Counter blobsWritten;
    private final Counter blobBytes;
    private final Counter dumpBytes;
    private final Counter brokenDumps;
    private final Counter unknownFeatureKeys;
    private final AtomicLong openConnections = new AtomicLong();
    private final AtomicLong pendingRows = new AtomicLong();
    private final AtomicLong uncommittedBlobRecords = new AtomicLong();
    private final AtomicLong uncommittedRowRecords = new AtomicLong();

    SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessionsWritten = registry.counter("sink_sessions_written");
        this.blobsWritten = registry.counter("sink_blobs_written");
        this.blobBytes = registry.counter("sink_blob_bytes_written");
        this.dumpBytes = registry.counter("sink_dump_bytes_written");
        this.brokenDumps = registry.counter("sink_broken_dumps");
        this.unknownFeatureKeys = registry.counter("sink_unknown_feature_keys");
        registry.gauge("sink_open_connections", openConnections);
        registry.gauge("sink_pending_rows", pendingRows);
        registry.gauge("sink_uncommitted_records", Tags.of("input", "dumps"), uncommittedBlobRecords);
        registry.gauge("sink_uncommitted_records", Tags.of("input", "rows"), uncommittedRowRecords);
    }

    MeterRegistry registry() {
        return registry;
    }

    void sessionsWritten(int count) {
        sessionsWritten.increment(count);
    }

    void rowsWritten(String table, int count) {
        registry.counter("sink_rows_written", "table", table).increment(count);
    }

    void blobWritten(GzipDump dump) {
        blobsWritten.increment();
        blobBytes.increment(dump.compressedBytes());
        dumpBytes.increment(dump.dumpBytes());
    }

    void retry(String target) {
        registry.counter("sink_retries", "target", target).increment();
    }

    void poison(String topic) {
        registry.counter("sink_poison_records", "topic", topic).increment();
    }

    void brokenDump() {
        brokenDumps.increment();
    }

    void unknownFeatureKey() {
        unknownFeatureKeys.increment();
    }

    void openConnections(long count) {
        openConnections.set(count);
    }

    void pendingRows(long count) {
        pendingRows.set(count);
    }

    void uncommitted(String input, long count) {
        ("dumps".equals(input) ? uncommittedBlobRecords : uncommittedRowRecords).set(count);
    }
}
