package dev.rtcstats.pipeline.enricher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the frames store and of the idle index. A frame key is {@code connectionId, 0x00, sequence as 8 bytes
 * big-endian}, so that RocksDB's byte order is frame order and {@link #connectionPrefix} finds one connection's
 * frames. Connection ids never contain 0x00 (they must be safe object keys), so no id is a prefix of another's.
 */
final class FrameKeys {
    private static final byte SEPARATOR = 0;

    private FrameKeys() {}

    static Bytes connectionPrefix(String connectionId) {
        byte[] id = connectionId.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[id.length + 1];
        System.arraycopy(id, 0, prefix, 0, id.length);
        prefix[id.length] = SEPARATOR;
        return Bytes.wrap(prefix);
    }

    static Bytes frame(String connectionId, long sequence) {
        byte[] id = connectionId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 1 + Long.BYTES)
                .put(id)
                .put(SEPARATOR)
                .putLong(sequence)
                .array());
    }

    /** Idle-index key: last-seen wall-clock time first, so the oldest connections come first in a scan. */
    static Bytes idle(long lastSeenMillis, String connectionId) {
        byte[] id = connectionId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length)
                .putLong(lastSeenMillis)
                .put(id)
                .array());
    }

    static long idleTime(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String idleConnection(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
    }
}
