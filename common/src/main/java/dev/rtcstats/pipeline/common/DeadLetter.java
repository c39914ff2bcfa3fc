package dev.rtcstats.pipeline.common;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Why a record went to {@link Topics#DEAD_LETTERS} instead of being processed. A dead letter keeps the offending
 * record's key (the connection id) and its value (truncated to {@link #MAX_VALUE_BYTES}), keeps its headers, and adds
 * these, all UTF-8 text:
 *
 * <pre>
 * rtcstats-dl-stage              gateway | enricher | sink-blobs | sink-rows | sink-lake
 * rtcstats-dl-reason             a token of the stage's reasons, e.g. record-too-large, invalid-value
 * rtcstats-dl-exception-class    the exception's class name, or absent
 * rtcstats-dl-exception-message  its message, at most 1,000 characters, or absent
 * rtcstats-dl-source-topic       the input record that caused it
 * rtcstats-dl-source-partition
 * rtcstats-dl-source-offset      (-1 when the record did not come from a topic, e.g. a gateway upload)
 * rtcstats-dl-connection-id      the connection the record belongs to, or absent
 * rtcstats-dl-value-bytes        the value's size before truncation
 * </pre>
 *
 * Dead letters are for people: inspect them with any console consumer ({@code --property print.headers=true}),
 * fix the cause, then re-drive the connections by replay. Nothing reads them automatically.
 */
public record DeadLetter(
        Stage stage,
        String reason,
        String exceptionClass,
        String exceptionMessage,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String connectionId) {

    /** Values above this are cut to it; the dead-letter topic's {@code max.message.bytes} leaves room for headers. */
    public static final int MAX_VALUE_BYTES = 1_000_000;

    static final String H_STAGE = "rtcstats-dl-stage";
    static final String H_REASON = "rtcstats-dl-reason";
    static final String H_EXCEPTION_CLASS = "rtcstats-dl-exception-class";
    static final String H_EXCEPTION_MESSAGE = "rtcstats-dl-exception-message";
    static final String H_SOURCE_TOPIC = "rtcstats-dl-source-topic";
    static final String H_SOURCE_PARTITION = "rtcstats-dl-source-partition";
    static final String H_SOURCE_OFFSET = "rtcstats-dl-source-offset";
    static final String H_CONNECTION_ID = "rtcstats-dl-connection-id";
    static final String H_VALUE_BYTES = "rtcstats-dl-value-bytes";

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_MESSAGE_CHARS = 1_000;

    /** The stage that gave up on the record; also the {@code stage} label of the dead-letter metrics. */
    public enum Stage {
        GATEWAY("gateway"),
        ENRICHER("enricher"),
        SINK_BLOBS("sink-blobs"),
        SINK_ROWS("sink-rows"),
        SINK_LAKE("sink-lake");

        private final String token;

        Stage(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        static Stage ofToken(String token) {
            for (Stage stage : values()) {
                if (stage.token.equals(token)) {
                    return stage;
                }
            }
            throw new WireFormatException("unknown dead-letter stage: " + token);
        }
    }

    /**
     * A stage's closed set of reasons, usually an enum, so that the {@code reason} label of the dead-letter metrics
     * has a bounded number of values.
     */
    public interface Reason {
        /** Lower-case letters, digits and dashes, e.g. {@code record-too-large}. */
        String token();
    }

    public DeadLetter {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        if (!TOKEN.matcher(reason).matches()) {
            throw new IllegalArgumentException("a dead-letter reason is a lower-case token, not: " + reason);
        }
        if (exceptionMessage != null && exceptionMessage.length() > MAX_MESSAGE_CHARS) {
            exceptionMessage = exceptionMessage.substring(0, MAX_MESSAGE_CHARS);
        }
    }

    /** A dead letter for an input record that failed with {@code cause} (may be null). */
    public static DeadLetter of(
            Stage stage,
            Reason reason,
            Throwable cause,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            String connectionId) {
        return new DeadLetter(
                stage,
                reason.token(),
                cause == null ? null : cause.getClass().getName(),
                cause == null ? null : cause.getMessage(),
                sourceTopic,
                sourcePartition,
                sourceOffset,
                connectionId);
    }

    /** The offending record's headers followed by this dead letter's; the originals are not modified. */
    public Headers headers(Headers original, int valueBytes) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith("rtcstats-dl-")) {
                    headers.add(header);
                }
            }
        }
        put(headers, H_STAGE, stage.token());
        put(headers, H_REASON, reason);
        put(headers, H_EXCEPTION_CLASS, exceptionClass);
        put(headers, H_EXCEPTION_MESSAGE, exceptionMessage);
        put(headers, H_SOURCE_TOPIC, sourceTopic);
        put(headers, H_SOURCE_PARTITION, Integer.toString(sourcePartition));
        put(headers, H_SOURCE_OFFSET, Long.toString(sourceOffset));
        put(headers, H_CONNECTION_ID, connectionId);
        put(headers, H_VALUE_BYTES, Integer.toString(valueBytes));
        return headers;
    }

    /** The value as it goes to the dead-letter topic: unchanged, or its first {@link #MAX_VALUE_BYTES} bytes. */
    public static byte[] boundedValue(byte[] value) {
        if (value == null || value.length <= MAX_VALUE_BYTES) {
            return value;
        }
        byte[] head = new byte[MAX_VALUE_BYTES];
        System.arraycopy(value, 0, head, 0, MAX_VALUE_BYTES);
        return head;
    }

    /** Reads the dead letter back from a record of {@link Topics#DEAD_LETTERS}. */
    public static DeadLetter fromHeaders(Headers headers) {
        String partition = text(headers, H_SOURCE_PARTITION);
        String offset = text(headers, H_SOURCE_OFFSET);
        String stage = text(headers, H_STAGE);
        String reason = text(headers, H_REASON);
        String topic = text(headers, H_SOURCE_TOPIC);
        if (stage == null || reason == null || topic == null || partition == null || offset == null) {
            throw new WireFormatException("not a dead letter: stage, reason or source headers missing");
        }
        try {
            return new DeadLetter(
                    Stage.ofToken(stage),
                    reason,
                    text(headers, H_EXCEPTION_CLASS),
                    text(headers, H_EXCEPTION_MESSAGE),
                    topic,
                    Integer.parseInt(partition),
                    Long.parseLong(offset),
                    text(headers, H_CONNECTION_ID));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("not a dead letter: " + e.getMessage());
        }
    }

    private static void put(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
