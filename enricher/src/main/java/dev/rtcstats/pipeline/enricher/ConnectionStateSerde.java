package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.WireFormatException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link ConnectionState} in the connections store and its changelog: a format byte, then
 * length-prefixed UTF-8 strings (length -1 for null) and fixed-width longs. It is read and written on every frame,
 * so it avoids JSON's field names and parsing. Format 2 added {@code droppedFrames}; format 1, still in changelogs
 * written before, reads as none dropped.
 */
final class ConnectionStateSerde implements Serde<ConnectionState> {
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_DROPPED = 1;

    @Override
    public Serializer<ConnectionState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<ConnectionState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(ConnectionState state) {
        byte[] metadata = utf8(state.metadataJson());
        Tags tags = state.tags();
        byte[][] tagBytes = {
            utf8(tags.user()), utf8(tags.conference()), utf8(tags.session()), utf8(tags.tenant()), utf8(tags.gateway())
        };
        int size = 1 + Integer.BYTES + metadata.length + 8 * Long.BYTES;
        for (byte[] tag : tagBytes) {
            size += Integer.BYTES + (tag == null ? 0 : tag.length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).put(FORMAT);
        putString(buffer, metadata);
        for (byte[] tag : tagBytes) {
            putString(buffer, tag);
        }
        return buffer.putLong(state.startTime())
                .putLong(state.lastSequence())
                .putLong(state.frameCount())
                .putLong(state.frameBytes())
                .putLong(state.lastFrameAt())
                .putLong(state.lastSeenAt())
                .putLong(state.indexedAt())
                .putLong(state.droppedFrames())
                .array();
    }

    static ConnectionState read(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte format = buffer.get();
            if (format != FORMAT && format != FORMAT_WITHOUT_DROPPED) {
                throw new WireFormatException("connection state format " + format + " is not " + FORMAT);
            }
            String metadata = getString(buffer);
            Tags tags = new Tags(
                    getString(buffer), getString(buffer), getString(buffer), getString(buffer), getString(buffer));
            return new ConnectionState(
                    metadata,
                    tags,
                    buffer.getLong(),
                    buffer.getLong(),
                    buffer.getLong(),
                    buffer.getLong(),
                    buffer.getLong(),
                    buffer.getLong(),
                    buffer.getLong(),
                    format == FORMAT ? buffer.getLong() : 0);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new WireFormatException("connection state is truncated or corrupt", e);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
