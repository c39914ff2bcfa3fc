package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterCounters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/** Every meter the enricher's topology writes, registered once per instance. */
public record EnricherMetrics(AssemblyCounters assembly, DeadLetterCounters deadLetters) {
    public EnricherMetrics {
        Objects.requireNonNull(assembly, "assembly");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    public static EnricherMetrics register(MeterRegistry registry) {
        return new EnricherMetrics(AssemblyCounters.register(registry), DeadLetterCounters.register(registry));
    }
}
