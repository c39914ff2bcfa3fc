package dev.rtcstats.pipeline.gateway;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of this gateway, bounded, so shutdown can close them all and the limit can be enforced. */
final class ConnectionRegistry {
    private final Set<ConnectionSession> sessions = ConcurrentHashMap.newKeySet();
    private final Slots slots;

    ConnectionRegistry(int capacity) {
        this.slots = new Slots(capacity);
    }

    /** Reserves a slot; false when the gateway is full. */
    boolean tryReserve() {
        return slots.tryAcquire();
    }

    void add(ConnectionSession session) {
        sessions.add(session);
    }

    void release(ConnectionSession session) {
        if (sessions.remove(session)) {
            slots.release();
        }
    }

    int size() {
        return slots.used();
    }

    boolean isEmpty() {
        return sessions.isEmpty();
    }

    /** Closes every open connection with {@code code}. */
    void closeAll(int code, String reason) {
        sessions.forEach(session -> session.close(code, reason));
    }

    /** Cuts the sockets of connections that did not finish their close handshake in time. */
    void abortRemaining() {
        sessions.forEach(ConnectionSession::abort);
    }
}
