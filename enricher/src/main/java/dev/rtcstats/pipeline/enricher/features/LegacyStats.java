package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The legacy rtcstats 5.x client's {@code getstats} delta in the shape {@link StatsDecompressor} reads. That client
 * sends full property names, leaves out the properties (and whole reports) that did not change since its previous
 * poll, puts the poll's time in a top-level {@code timestamp} and writes {@code 0} as the timestamp of the reports
 * measured at that time. Here the top-level time becomes {@code t} and those zeros are dropped, so that the
 * decompressor fills them in; report ids stay as they came.
 */
final class LegacyStats {
    private static final String TIMESTAMP = "timestamp";

    private LegacyStats() {}

    /** The delta for {@link StatsDecompressor}; {@code legacy} is taken over and changed in place. */
    static JsonNode asDelta(JsonNode legacy) {
        if (!(legacy instanceof ObjectNode delta)) {
            return legacy;
        }
        JsonNode pollTime = delta.remove(TIMESTAMP);
        for (Map.Entry<String, JsonNode> report : delta.properties()) {
            if (report.getValue() instanceof ObjectNode properties && isZero(properties.get(TIMESTAMP))) {
                properties.remove(TIMESTAMP);
            }
        }
        if (pollTime != null && pollTime.isNumber()) {
            delta.set("t", pollTime);
        }
        return delta;
    }

    private static boolean isZero(JsonNode time) {
        return time != null && time.isNumber() && time.doubleValue() == 0;
    }
}
