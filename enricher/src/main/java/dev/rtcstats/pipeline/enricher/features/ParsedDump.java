package dev.rtcstats.pipeline.enricher.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded rtcStats dump: the metadata line as a map, the events per connection id in arrival order (the client-level
 * trace under the {@code null} key, first, then {@code PC_0}, ...), and the number of frames skipped as malformed.
 */
public record ParsedDump(Map<String, Object> metadata, Map<String, List<Event>> connections, int skippedLines) {
    public ParsedDump {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        Map<String, List<Event>> copy = new LinkedHashMap<>();
        connections.forEach((id, events) -> copy.put(id, List.copyOf(events)));
        connections = Collections.unmodifiableMap(copy);
    }

    /** The client-level events (connection id {@code null}); empty when there are none. */
    public List<Event> clientEvents() {
        return connections.getOrDefault(null, List.of());
    }

    /** The PeerConnection ids in order of first appearance. */
    public List<String> peerConnectionIds() {
        return connections.keySet().stream().filter(id -> id != null).toList();
    }
}
