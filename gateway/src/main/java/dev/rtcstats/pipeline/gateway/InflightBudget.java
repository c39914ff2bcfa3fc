package dev.rtcstats.pipeline.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes handed to Kafka and not yet acknowledged, across all connections and uploads. The per-connection limit alone
 * would let many connections together queue gigabytes while the broker is slow; past this budget every connection
 * that sends is paused too, and the paused ones are woken once half of the budget is free again. Uploads, which run
 * on worker threads, wait for room instead.
 */
final class InflightBudget {
    /** Something paused for lack of budget, to wake when room is made. */
    interface Waiter {
        void resumeIfDrained();
    }

    private static final long UPLOAD_POLL_NANOS = 1_000_000;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private volatile long busySinceNanos = System.nanoTime();

    InflightBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes}; true when the budget is now exhausted and the caller should pause. */
    boolean take(long bytes) {
        long after = used.addAndGet(bytes);
        if (after == bytes) {
            busySinceNanos = System.nanoTime();
        }
        return after > limit;
    }

    void release(long bytes) {
        if (used.addAndGet(-bytes) <= limit / 2 && !waiting.isEmpty()) {
            for (Waiter waiter : waiting) {
                if (waiting.remove(waiter)) {
                    waiter.resumeIfDrained();
                }
            }
        }
    }

    boolean isExhausted() {
        return used.get() > limit;
    }

    /** Remembers a paused waiter to wake when room is made. */
    void awaitRoom(Waiter waiter) {
        waiting.add(waiter);
    }

    void forget(Waiter waiter) {
        waiting.remove(waiter);
    }

    /** Blocks a worker thread until the budget has room; false when {@code deadlineNanos} passed first. */
    boolean waitForRoom(long deadlineNanos) throws InterruptedException {
        while (isExhausted()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            LockSupport.parkNanos(UPLOAD_POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for in-flight budget");
            }
        }
        return true;
    }

    long used() {
        return used.get();
    }

    /** {@link System#nanoTime()} when the budget last went from empty to in use. */
    long busySinceNanos() {
        return busySinceNanos;
    }
}
