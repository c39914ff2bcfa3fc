package dev.rtcstats.pipeline.enricher;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Open connections ordered by the wall-clock time they were last indexed at, so that a scan finds the silent ones
 * first. A connection moves in the index at most once per {@code reindexMillis} rather than on every frame; its
 * state's {@code indexedAt} tells which entry is current, and stale entries are dropped when a scan meets them.
 */
final class IdleIndex {
    private static final byte[] EMPTY = new byte[0];
    private final KeyValueStore<Bytes, byte[]> store;
    private final long reindexMillis;

    IdleIndex(KeyValueStore<Bytes, byte[]> store, long reindexMillis) {
        this.store = store;
        this.reindexMillis = reindexMillis;
    }

    void add(String id, long time) {
        store.put(FrameKeys.idle(time, id), EMPTY);
    }

    /** The state, moved to its last-seen time if it has not moved for {@code reindexMillis}. */
    ConnectionState refresh(String id, ConnectionState state) {
        return state.lastSeenAt() - state.indexedAt() < reindexMillis ? state : move(id, state, state.lastSeenAt());
    }

    ConnectionState move(String id, ConnectionState state, long time) {
        store.delete(FrameKeys.idle(state.indexedAt(), id));
        store.put(FrameKeys.idle(time, id), EMPTY);
        return state.indexedAt(time);
    }

    void remove(String id, ConnectionState state) {
        store.delete(FrameKeys.idle(state.indexedAt(), id));
    }

    void remove(Entry entry) {
        store.delete(FrameKeys.idle(entry.time(), entry.connectionId()));
    }

    /** Up to {@code limit} entries indexed at or before {@code cutoff}, oldest first. */
    List<Entry> due(long cutoff, int limit) {
        List<Entry> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
            while (entries.hasNext() && due.size() < limit) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                long time = FrameKeys.idleTime(entry.key);
                if (time > cutoff) {
                    break;
                }
                due.add(new Entry(FrameKeys.idleConnection(entry.key), time));
            }
        }
        return due;
    }

    /** One index entry: a connection and the time it is indexed at. */
    record Entry(String connectionId, long time) {
        /** Whether this entry is the connection's current one. */
        boolean isCurrentFor(ConnectionState state) {
            return state != null && state.indexedAt() == time;
        }
    }
}
