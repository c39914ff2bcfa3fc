package dev.rtcstats.pipeline.enricher.deadletters;

import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Builds the enricher's records for {@link Topics#DEAD_LETTERS}: the offending key (cut to {@link #MAX_KEY_BYTES})
 * and value (cut to {@link DeadLetter#MAX_VALUE_BYTES}), its headers, and the {@link DeadLetter} headers. The result
 * always fits the dead-letter topic, whatever the client sent.
 */
public final class DeadLetterRecords {
    /** Keys are connection ids; a longer key is a client's doing and is cut. */
    public static final int MAX_KEY_BYTES = 1024;
    /** The longest key reported in the connection-id header. */
    private static final int MAX_CONNECTION_ID_BYTES = 256;

    private DeadLetterRecords() {}

    /**
     * @param source where the offending record came from: topic, partition and offset (-1 when it was derived)
     */
    public static ProducerRecord<byte[], byte[]> of(
            EnricherDeadLetterReason reason,
            Throwable cause,
            Source source,
            byte[] key,
            byte[] value,
            Headers headers,
            Long timestamp) {
        DeadLetter letter = DeadLetter.of(
                DeadLetter.Stage.ENRICHER,
                reason,
                cause,
                source.topic(),
                source.partition(),
                source.offset(),
                connectionId(key));
        int valueBytes = value == null ? 0 : value.length;
        return new ProducerRecord<>(
                Topics.DEAD_LETTERS,
                null,
                timestamp,
                boundedKey(key),
                DeadLetter.boundedValue(value),
                letter.headers(boundedHeaders(headers), valueBytes));
    }

    /** The connection id a key names, or null when the key is absent or too long to be one. */
    public static String connectionId(byte[] key) {
        return key == null || key.length > MAX_CONNECTION_ID_BYTES ? null : new String(key, StandardCharsets.UTF_8);
    }

    private static byte[] boundedKey(byte[] key) {
        return key == null || key.length <= MAX_KEY_BYTES ? key : Arrays.copyOf(key, MAX_KEY_BYTES);
    }

    /** Headers come from the gateway and are small; should a record carry huge ones, they are left out. */
    private static Headers boundedHeaders(Headers headers) {
        if (headers == null) {
            return null;
        }
        long bytes = 0;
        for (Header header : headers) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes <= 64 * 1024 ? headers : null;
    }

    /** Where a dead letter's record came from. */
    public record Source(String topic, int partition, long offset) {}
}
