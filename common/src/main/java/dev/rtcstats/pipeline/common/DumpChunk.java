package dev.rtcstats.pipeline.common;

import java.util.Objects;

/**
 * One piece of a connection's assembled rtcStats dump on {@link Topics#DUMPS}. Concatenating the chunks of a
 * connection in {@code index} order (0, 1, …) up to the one marked {@code last} gives the dump, byte for byte.
 */
public record DumpChunk(String connectionId, int index, boolean last, long processingVersion, byte[] bytes) {
    public DumpChunk {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(bytes, "bytes");
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must not be negative: " + index);
        }
    }

    @Override
    public String toString() {
        return "DumpChunk[connectionId=" + connectionId + ", index=" + index + ", last=" + last + ", bytes="
                + bytes.length + "]";
    }
}
