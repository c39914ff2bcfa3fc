package dev.rtcstats.pipeline.sink;

/** Whether one dependency answers right now; used by the readiness endpoint. */
interface Probe {
    boolean reachable();
}
