package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.DumpChunk;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a dump written piece by piece into {@link DumpChunk}s of at most {@code maxChunkBytes}. It holds one chunk
 * in memory, whatever the size of the dump; a chunk is only handed on once more bytes follow it, so the final one,
 * marked {@code last}, is never empty.
 */
final class DumpChunker {
    private final String connectionId;
    private final long processingVersion;
    private final Consumer<DumpChunk> downstream;
    private final byte[] buffer;
    private int used;
    private int index;
    private long total;

    DumpChunker(String connectionId, long processingVersion, int maxChunkBytes, Consumer<DumpChunk> downstream) {
        this.connectionId = connectionId;
        this.processingVersion = processingVersion;
        this.downstream = downstream;
        this.buffer = new byte[maxChunkBytes];
    }

    void write(byte[] bytes) {
        int offset = 0;
        while (offset < bytes.length) {
            if (used == buffer.length) {
                emit(false);
            }
            int length = Math.min(buffer.length - used, bytes.length - offset);
            System.arraycopy(bytes, offset, buffer, used, length);
            used += length;
            offset += length;
        }
        total += bytes.length;
    }

    /** Hands on the final chunk and returns the size of the whole dump. */
    long finish() {
        emit(true);
        return total;
    }

    private void emit(boolean last) {
        downstream.accept(new DumpChunk(connectionId, index++, last, processingVersion, Arrays.copyOf(buffer, used)));
        used = 0;
    }
}
