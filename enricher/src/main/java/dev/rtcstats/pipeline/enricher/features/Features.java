package dev.rtcstats.pipeline.enricher.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rtcstats-features of one dump: metadata, client, one map per PeerConnection and one per track. Keys are the
 * reference's camelCase names from {@link FeatureCatalog}; an undefined feature has no key.
 */
public record Features(
        Map<String, Object> metadata,
        Map<String, Object> client,
        List<Map<String, Object>> connections,
        List<Map<String, Object>> tracks) {
    public Features {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        client = Collections.unmodifiableMap(new LinkedHashMap<>(client));
        connections = List.copyOf(connections);
        tracks = List.copyOf(tracks);
    }
}
