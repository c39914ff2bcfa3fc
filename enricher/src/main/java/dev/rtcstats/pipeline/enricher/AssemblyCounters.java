package dev.rtcstats.pipeline.enricher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The assembler's counters, shared by every task of the instance and exposed on {@code /metrics}. */
public record AssemblyCounters(
        Counter opened,
        Counter closedByClient,
        Counter closedByTimeout,
        Counter framesStored,
        Counter duplicates,
        Counter gaps,
        Counter missingAtClose,
        Counter featuresSkipped,
        Counter featuresTruncated,
        Counter featuresFailed,
        Counter dumpChunks,
        Counter dumpBytes,
        Counter statsSamples,
        Counter statsRecords) {

    public static AssemblyCounters register(MeterRegistry registry) {
        return new AssemblyCounters(
                counter(registry, "rtcstats.enricher.connections.opened", "open events accepted"),
                Counter.builder("rtcstats.enricher.connections.closed")
                        .tag("by", "client")
                        .description("connections closed")
                        .register(registry),
                Counter.builder("rtcstats.enricher.connections.closed")
                        .tag("by", "timeout")
                        .description("connections closed")
                        .register(registry),
                counter(registry, "rtcstats.enricher.frames.stored", "frames stored for assembly"),
                counter(registry, "rtcstats.enricher.frames.duplicate", "frames and opens dropped as duplicates"),
                counter(registry, "rtcstats.enricher.frames.gaps", "sequence gaps seen"),
                counter(registry, "rtcstats.enricher.frames.missing", "frames the close reports but never arrived"),
                features(registry, "skipped"),
                features(registry, "truncated"),
                features(registry, "failed"),
                counter(registry, "rtcstats.enricher.dump.chunks", "dump chunks written"),
                Counter.builder("rtcstats.enricher.dump.bytes")
                        .baseUnit("bytes")
                        .description("dump bytes written")
                        .register(registry),
                counter(registry, "rtcstats.enricher.stats.samples", "getStats time series samples written"),
                counter(registry, "rtcstats.enricher.stats.records", "getStats time series records written"));
    }

    private static Counter features(MeterRegistry registry, String status) {
        return Counter.builder("rtcstats.enricher.features.degraded")
                .tag("status", status)
                .description("connections whose features are not ok, by status")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
