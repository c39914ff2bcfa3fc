package dev.rtcstats.pipeline.common;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Format version 1 of {@link Topics#FEATURES}: the rtcstats-features set of one connection. Feature maps use the
 * reference's camelCase names ({@code calledGetUserMedia}); a missing key means the feature is undefined.
 * Every connection map carries {@code connectionIdentifier} (the PeerConnection id, e.g. {@code PC_0}); every track
 * map carries {@code connectionIdentifier} and {@code trackIdentifier}.
 */
public record FeatureRecord(
        int format,
        String connectionId,
        String user,
        String conference,
        String session,
        String tenant,
        long startTime,
        long processingVersion,
        Map<String, Object> metadata,
        Map<String, Object> client,
        List<Map<String, Object>> connections,
        List<Map<String, Object>> tracks) {
    public static final int FORMAT = 1;

    public FeatureRecord {
        Objects.requireNonNull(connectionId, "connectionId");
        metadata = metadata == null ? Map.of() : metadata;
        client = client == null ? Map.of() : client;
        connections = connections == null ? List.of() : connections;
        tracks = tracks == null ? List.of() : tracks;
    }
}
