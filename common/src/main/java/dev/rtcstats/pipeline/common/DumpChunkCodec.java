package dev.rtcstats.pipeline.common;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Format version 1 of {@link Topics#DUMPS}. Key: connection id. Value: the chunk's bytes. Headers:
 * {@code rtcstats-format "1"}, {@code rtcstats-chunk} (index from 0), {@code rtcstats-last} ({@code "true"} on the
 * final chunk), {@code rtcstats-version} (processing version).
 */
public final class DumpChunkCodec {
    /** Chunks stay well below Kafka's default 1 MiB record limit. */
    public static final int MAX_CHUNK_BYTES = 512 * 1024;

    static final String H_CHUNK = "rtcstats-chunk";
    static final String H_LAST = "rtcstats-last";
    static final String H_VERSION = "rtcstats-version";

    private DumpChunkCodec() {}

    public static Headers headers(DumpChunk chunk) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ConnectionEventCodec.H_FORMAT, ConnectionEventCodec.FORMAT.getBytes(StandardCharsets.UTF_8));
        headers.add(H_CHUNK, Integer.toString(chunk.index()).getBytes(StandardCharsets.UTF_8));
        headers.add(H_LAST, Boolean.toString(chunk.last()).getBytes(StandardCharsets.UTF_8));
        headers.add(H_VERSION, Long.toString(chunk.processingVersion()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    public static DumpChunk decode(byte[] key, Headers headers, byte[] value) {
        if (key == null) {
            throw new WireFormatException("dump chunk without a key");
        }
        String format = ConnectionEventCodec.get(headers, ConnectionEventCodec.H_FORMAT);
        if (!ConnectionEventCodec.FORMAT.equals(format)) {
            throw new WireFormatException("unsupported dump chunk format " + format);
        }
        return new DumpChunk(
                new String(key, StandardCharsets.UTF_8),
                (int) ConnectionEventCodec.number(headers, H_CHUNK),
                "true".equals(ConnectionEventCodec.get(headers, H_LAST)),
                ConnectionEventCodec.number(headers, H_VERSION),
                value == null ? new byte[0] : value);
    }
}
