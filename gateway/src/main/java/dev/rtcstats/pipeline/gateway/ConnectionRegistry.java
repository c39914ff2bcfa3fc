package dev.rtcstats.pipeline.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open connections of this gateway, bounded, so shutdown can close them all and the limit can be enforced. */
final class ConnectionRegistry {
    private final Set<ConnectionSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final int capacity;
    private volatile boolean draining;

    ConnectionRegistry(int capacity) {
        this.capacity = capacity;
    }

    /** Reserves a slot; false when the gateway is full. */
    boolean tryReserve() {
        while (true) {
            int current = count.get();
            if (current >= capacity) {
                return false;
            }
            if (count.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void add(ConnectionSession session) {
        sessions.add(session);
    }

    void release(ConnectionSession session) {
        if (sessions.remove(session)) {
            count.decrementAndGet();
        }
    }

    int size() {
        return count.get();
    }

    boolean isDraining() {
        return draining;
    }

    /** Stops admitting connections and closes the open ones with {@code code}. */
    void drain(int code, String reason) {
        draining = true;
        sessions.forEach(session -> session.requestClose(code, reason));
    }

    boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Closes the sockets of connections that did not finish their close handshake in time. */
    void abortRemaining() {
        sessions.forEach(ConnectionSession::abort);
    }
}
