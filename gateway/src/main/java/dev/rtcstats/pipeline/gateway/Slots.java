package dev.rtcstats.pipeline.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/** A bounded count of things in use, taken without locks. */
final class Slots {
    private final AtomicInteger used = new AtomicInteger();
    private final int capacity;

    Slots(int capacity) {
        this.capacity = capacity;
    }

    /** Takes a slot; false when all are in use. */
    boolean tryAcquire() {
        while (true) {
            int current = used.get();
            if (current >= capacity) {
                return false;
            }
            if (used.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        used.decrementAndGet();
    }

    int used() {
        return used.get();
    }
}
