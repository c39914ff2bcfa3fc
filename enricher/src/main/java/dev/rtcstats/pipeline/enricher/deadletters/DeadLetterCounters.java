package dev.rtcstats.pipeline.enricher.deadletters;

import dev.rtcstats.pipeline.common.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code rtcstats.enricher.dead.letters{stage="enricher",reason}}, one counter per reason, registered up front so
 * that dashboards see zeros. Kafka Streams creates the exception handlers itself, so they find this object in the
 * streams configuration under {@link #CONFIG}.
 */
public final class DeadLetterCounters {
    /** Streams configuration key under which the handlers find the instance's counters. */
    public static final String CONFIG = "rtcstats.enricher.dead.letter.counters";

    private final Map<EnricherDeadLetterReason, Counter> counters = new EnumMap<>(EnricherDeadLetterReason.class);

    private DeadLetterCounters(MeterRegistry registry) {
        for (EnricherDeadLetterReason reason : EnricherDeadLetterReason.values()) {
            counters.put(
                    reason,
                    Counter.builder("rtcstats.enricher.dead.letters")
                            .description("records sent to the dead-letter topic")
                            .tag("stage", DeadLetter.Stage.ENRICHER.token())
                            .tag("reason", reason.token())
                            .register(registry));
        }
    }

    public static DeadLetterCounters register(MeterRegistry registry) {
        return new DeadLetterCounters(registry);
    }

    /** The counters a handler uses when the configuration carries none: counted, but nowhere exposed. */
    static DeadLetterCounters from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterCounters counters
                ? counters
                : new DeadLetterCounters(new SimpleMeterRegistry());
    }

    public void count(EnricherDeadLetterReason reason) {
        counters.get(reason).increment();
    }

    /** How many dead letters of this reason were sent so far. */
    public double counted(EnricherDeadLetterReason reason) {
        return counters.get(reason).count();
    }
}
