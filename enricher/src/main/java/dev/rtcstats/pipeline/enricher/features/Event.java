package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;

/**
 * One decoded trace event of a dump: absolute time in epoch ms, the decompressed method name, the (decompressed)
 * value and the extra elements between value and time delta (tracking ids, getStats reason, geolocation).
 */
public record Event(long timestamp, String type, JsonNode value, List<JsonNode> extra) {
    public Event {
        value = value == null ? NullNode.getInstance() : value;
        extra = List.copyOf(extra);
    }

    /** Whether this event is of the given method. */
    boolean is(String method) {
        return type.equals(method);
    }

    /** The first extra element (tracking id or geolocation), or a missing node. */
    JsonNode firstExtra() {
        return extra.isEmpty() ? MissingNode.getInstance() : extra.getFirst();
    }
}
