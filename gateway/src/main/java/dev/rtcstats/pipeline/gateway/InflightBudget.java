package dev.rtcstats.pipeline.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes handed to Kafka and not yet acknowledged, across all connections. The per-connection limit alone would
 * let many connections together queue gigabytes while the broker is slow; past this budget every connection that
 * sends is paused too, and the paused ones are woken once half of the budget is free again.
 */
final class InflightBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final Set<ConnectionSession> waiting = ConcurrentHashMap.newKeySet();

    InflightBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes}; true when the budget is now exhausted and the caller should pause. */
    boolean take(long bytes) {
        return used.addAndGet(bytes) > limit;
    }

    void release(long bytes) {
        if (used.addAndGet(-bytes) <= limit / 2 && !waiting.isEmpty()) {
            for (ConnectionSession session : waiting) {
                if (waiting.remove(session)) {
                    session.resumeIfDrained();
                }
            }
        }
    }

    boolean isExhausted() {
        return used.get() > limit;
    }

    /** Remembers a paused session to wake when room is made. */
    void awaitRoom(ConnectionSession session) {
        waiting.add(session);
    }

    void forget(ConnectionSession session) {
        waiting.remove(session);
    }

    long used() {
        return used.get();
    }
}
