package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes the dump of a closing connection: header, metadata line, each stored frame in sequence order, then the close
 * line, in chunks of at most {@link DumpChunkCodec#MAX_CHUNK_BYTES}. Frames are streamed from the store and deleted
 * behind the cursor, so memory is one chunk whatever the dump's size. Every frame passes through the
 * {@link DumpPrivacy} on its way into the dump and to the feature lines, so both hold what is stored.
 */
final class DumpWriter {
    private static final byte[] NEWLINE = {'\n'};
    private final KeyValueStore<Bytes, byte[]> frames;
    private final long processingVersion;
    private final DumpPrivacy privacy;
    private final Outputs outputs;
    private final AssemblyCounters counters;

    DumpWriter(
            KeyValueStore<Bytes, byte[]> frames,
            long processingVersion,
            DumpPrivacy privacy,
            Outputs outputs,
            AssemblyCounters counters) {
        this.frames = frames;
        this.processingVersion = processingVersion;
        this.privacy = privacy;
        this.outputs = outputs;
        this.counters = counters;
    }

    /**
     * Writes the dump and removes the connection's frames; returns the dump's size in bytes.
     *
     * @param frameLines receives every frame line as written, then the close line
     */
    long write(String id, ConnectionState state, CloseReason reason, Consumer<String> frameLines) {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        long endTime = reason.endTime(state);
        DumpChunker chunker = new DumpChunker(id, processingVersion, DumpChunkCodec.MAX_CHUNK_BYTES, chunk -> {
            counters.dumpChunks().increment();
            counters.dumpBytes().increment(chunk.bytes().length);
            outputs.dumpChunk(key, chunk, endTime);
        });
        chunker.write(DumpFormat.HEADER_LINE);
        chunker.write(state.metadataJson().getBytes(StandardCharsets.UTF_8));
        chunker.write(NEWLINE);
        try (KeyValueIterator<Bytes, byte[]> stored =
                frames.prefixScan(FrameKeys.connectionPrefix(id), new BytesSerializer())) {
            while (stored.hasNext()) {
                KeyValue<Bytes, byte[]> frame = stored.next();
                privacy.writeFrame(frame.value, chunker::write, frameLines);
                // RocksDB iterators read a snapshot, so deleting behind the cursor is safe.
                frames.delete(frame.key);
            }
        }
        privacy.writeClose(
                DumpFormat.closeLine(reason.code(), reason.sinceLastFrame(state)), chunker::write, frameLines);
        return chunker.finish();
    }
}
