package dev.rtcstats.pipeline.common;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What the gateway publishes for one WebSocket connection, in order: one {@link Opened}, any number of
 * {@link FrameReceived} and at most one {@link Closed} (a gateway that dies leaves the connection without one).
 */
public sealed interface ConnectionEvent {

    /** The connection id, a UUID chosen by the gateway; also the record key and the blob name. */
    String connectionId();

    /** The tags of the connection, repeated on every event. */
    Tags tags();

    /** Server time in epoch milliseconds at which the gateway saw the event. */
    long timestamp();

    /**
     * The connection was accepted. {@code metadataJson} is the second line of the rtcStats dump, exactly as it will
     * be written: url (token obfuscated), origin, userAgent, startTime, remoteAddresses, clientProtocol, fileFormat.
     * {@code remoteAddresses} are the client's addresses before obfuscation (the reference's
     * {@code X-Forwarded-For} split, else the peer), for the enricher's geolocation; for an upload, the uploader's,
     * since the gateway builds an upload's metadata line from its request too.
     */
    record Opened(String connectionId, Tags tags, long timestamp, String metadataJson, List<String> remoteAddresses)
            implements ConnectionEvent {
        public Opened {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(metadataJson, "metadataJson");
            remoteAddresses = List.copyOf(remoteAddresses);
        }

        /** An open without raw remote addresses, as for an uploaded dump. */
        public Opened(String connectionId, Tags tags, long timestamp, String metadataJson) {
            this(connectionId, tags, timestamp, metadataJson, List.of());
        }
    }

    /**
     * One text frame, verbatim. {@code sequence} counts the frames of the connection from 1, so a reader can drop
     * duplicates and see gaps.
     */
    record FrameReceived(String connectionId, Tags tags, long timestamp, long sequence, byte[] payload)
            implements ConnectionEvent {
        public FrameReceived {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(payload, "payload");
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "FrameReceived[connectionId=" + connectionId + ", sequence=" + sequence + ", bytes=" + payload.length
                    + "]";
        }
    }

    /**
     * The socket closed with {@code code}. {@code frames} is how many frames the gateway published for it and
     * {@code lastFrameAt} the server time of the last one (or of the open, when there were none).
     */
    record Closed(String connectionId, Tags tags, long timestamp, int code, long frames, long lastFrameAt)
            implements ConnectionEvent {
        public Closed {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(tags, "tags");
        }
    }
}
