package dev.rtcstats.pipeline.sink;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Whether one dependency answers right now; used by the readiness endpoint. */
interface Probe {
    boolean reachable();

    /** Ready: the loops run and every dependency answers. */
    static BooleanSupplier readiness(BooleanSupplier alive, List<Probe> dependencies) {
        return () -> alive.getAsBoolean() && dependencies.stream().allMatch(Probe::reachable);
    }
}
