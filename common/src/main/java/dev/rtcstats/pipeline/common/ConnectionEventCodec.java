package dev.rtcstats.pipeline.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Format version 1 of {@link Topics#FRAMES}. The key is the connection id (UTF-8). Headers carry the kind, and the
 * tags on opens and closes, so that frame values stay the client's bytes, untouched:
 *
 * <pre>
 * rtcstats-format   "1"
 * rtcstats-kind     "open" | "frame" | "close"
 * rtcstats-ts       server time, epoch ms (decimal)
 * rtcstats-seq      frame sequence from 1 (frames only)
 * rtcstats-user, rtcstats-conference, rtcstats-session, rtcstats-tenant, rtcstats-gateway   (open and close, when present)
 * rtcstats-remote-addresses   open only: JSON array of the client's raw addresses (raw personal data, like frames)
 * rtcstats-malformed          frames only, optional: the frame is not shaped like one JSON array (the gateway's tag policy)
 *
 * open   value = the dump metadata line (JSON object)
 * frame  value = the frame as received
 * close  value = {"code":1001,"frames":12,"lastFrameAt":1758602115670}
 * </pre>
 *
 * Frame records carry no tags: a connection's tags are those of its open, which every reader of a connection has
 * (the enricher keeps them in its per-connection state). Records written before this, with tags on every frame,
 * read the same; {@link #decode} returns a frame's tags when present and {@link Tags#NONE} otherwise. A frame that
 * leaves the topic without its open, as a dead letter, takes its connection's tags along ({@link #withTags}).
 */
public final class ConnectionEventCodec {
    public static final String FORMAT = "1";
    static final String H_FORMAT = "rtcstats-format";
    static final String H_KIND = "rtcstats-kind";
    static final String H_TIMESTAMP = "rtcstats-ts";
    static final String H_SEQUENCE = "rtcstats-seq";
    static final String H_USER = "rtcstats-user";
    static final String H_CONFERENCE = "rtcstats-conference";
    static final String H_SESSION = "rtcstats-session";
    static final String H_TENANT = "rtcstats-tenant";
    static final String H_GATEWAY = "rtcstats-gateway";
    static final String H_REMOTE_ADDRESSES = "rtcstats-remote-addresses";
    /** Marks a frame that is not shaped like one JSON array, when the gateway tags such frames. */
    public static final String H_MALFORMED = "rtcstats-malformed";

    private static final byte[] FORMAT_BYTES = FORMAT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] KIND_FRAME = "frame".getBytes(StandardCharsets.UTF_8);

    private ConnectionEventCodec() {}

    public static byte[] key(ConnectionEvent event) {
        return event.connectionId().getBytes(StandardCharsets.UTF_8);
    }

    /** The headers of a frame record: format, kind, server time and sequence; built per frame, so kept cheap. */
    public static Headers frameHeaders(long timestamp, long sequence) {
        return new RecordHeaders(new Header[] {
            new RecordHeader(H_FORMAT, FORMAT_BYTES),
            new RecordHeader(H_KIND, KIND_FRAME),
            new RecordHeader(H_TIMESTAMP, decimal(timestamp)),
            new RecordHeader(H_SEQUENCE, decimal(sequence))
        });
    }

    /** A non-negative number as ASCII digits, without a String in between; negative ones through Long.toString. */
    static byte[] decimal(long value) {
        if (value < 0) {
            return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        byte[] bytes = new byte[digits];
        long rest = value;
        for (int i = digits - 1; i >= 0; i--) {
            bytes[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return bytes;
    }

    public static Headers headers(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.FrameReceived frame) {
            return frameHeaders(frame.timestamp(), frame.sequence());
        }
        RecordHeaders headers = new RecordHeaders();
        put(headers, H_FORMAT, FORMAT);
        put(headers, H_KIND, event instanceof ConnectionEvent.Opened ? "open" : "close");
        put(headers, H_TIMESTAMP, Long.toString(event.timestamp()));
        putTags(headers, event.tags());
        if (event instanceof ConnectionEvent.Opened opened
                && !opened.remoteAddresses().isEmpty()) {
            put(
                    headers,
                    H_REMOTE_ADDRESSES,
                    Json.MAPPER.valueToTree(opened.remoteAddresses()).toString());
        }
        return headers;
    }

    /**
     * A copy of {@code headers} with the connection's {@code tags} added where absent: for a frame record that goes
     * on to a topic read without the connection's open, such as a dead letter. The originals are not modified.
     */
    public static Headers withTags(Headers headers, Tags tags) {
        RecordHeaders copy = new RecordHeaders();
        if (headers != null) {
            for (Header header : headers) {
                copy.add(header);
            }
        }
        if (get(copy, H_USER) == null
                && get(copy, H_CONFERENCE) == null
                && get(copy, H_SESSION) == null
                && get(copy, H_TENANT) == null
                && get(copy, H_GATEWAY) == null) {
            putTags(copy, tags);
        }
        return copy;
    }

    private static void putTags(Headers headers, Tags tags) {
        put(headers, H_USER, tags.user());
        put(headers, H_CONFERENCE, tags.conference());
        put(headers, H_SESSION, tags.session());
        put(headers, H_TENANT, tags.tenant());
        put(headers, H_GATEWAY, tags.gateway());
    }

    public static byte[] value(ConnectionEvent event) {
        return switch (event) {
            case ConnectionEvent.Opened opened -> opened.metadataJson().getBytes(StandardCharsets.UTF_8);
            case ConnectionEvent.FrameReceived frame -> frame.payload();
            case ConnectionEvent.Closed closed -> {
                ObjectNode node = Json.MAPPER.createObjectNode();
                node.put("code", closed.code());
                node.put("frames", closed.frames());
                node.put("lastFrameAt", closed.lastFrameAt());
                yield node.toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** Reads one record back; throws {@link WireFormatException} naming what is wrong. */
    public static ConnectionEvent decode(byte[] key, Headers headers, byte[] value) {
        if (key == null) {
            throw new WireFormatException("frames record without a key");
        }
        String format = get(headers, H_FORMAT);
        if (!FORMAT.equals(format)) {
            throw new WireFormatException("unsupported frames record format " + format + ", expected " + FORMAT);
        }
        String connectionId = new String(key, StandardCharsets.UTF_8);
        Tags tags = new Tags(
                get(headers, H_USER),
                get(headers, H_CONFERENCE),
                get(headers, H_SESSION),
                get(headers, H_TENANT),
                get(headers, H_GATEWAY));
        long timestamp = number(headers, H_TIMESTAMP);
        byte[] body = value == null ? new byte[0] : value;
        String kind = get(headers, H_KIND);
        if (kind == null) {
            throw new WireFormatException("frames record without " + H_KIND + " header");
        }
        return switch (kind) {
            case "open" ->
                new ConnectionEvent.Opened(
                        connectionId,
                        tags,
                        timestamp,
                        new String(body, StandardCharsets.UTF_8),
                        remoteAddresses(headers));
            case "frame" ->
                new ConnectionEvent.FrameReceived(connectionId, tags, timestamp, number(headers, H_SEQUENCE), body);
            case "close" -> decodeClose(connectionId, tags, timestamp, body);
            default -> throw new WireFormatException("unknown frames record kind " + kind);
        };
    }

    // A malformed list only costs the geolocation of one connection, so it reads as none.
    private static List<String> remoteAddresses(Headers headers) {
        String text = get(headers, H_REMOTE_ADDRESSES);
        if (text == null) {
            return List.of();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            List<String> addresses = new ArrayList<>();
            if (node != null && node.isArray()) {
                node.forEach(address -> {
                    if (address.isTextual()) {
                        addresses.add(address.textValue());
                    }
                });
            }
            return addresses;
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static ConnectionEvent.Closed decodeClose(String connectionId, Tags tags, long timestamp, byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return new ConnectionEvent.Closed(
                    connectionId,
                    tags,
                    timestamp,
                    node.path("code").asInt(CloseCodes.ABNORMAL),
                    node.path("frames").asLong(),
                    node.path("lastFrameAt").asLong(timestamp));
        } catch (java.io.IOException e) {
            throw new WireFormatException("close record of " + connectionId + " is not JSON", e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static long number(Headers headers, String name) {
        String text = get(headers, name);
        if (text == null) {
            throw new WireFormatException("record without " + name + " header");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new WireFormatException("header " + name + " is not a number: " + text, e);
        }
    }
}
