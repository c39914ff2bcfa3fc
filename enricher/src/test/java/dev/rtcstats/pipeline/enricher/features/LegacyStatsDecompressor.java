package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The getStats decompression as it was before carried-forward reports were shared instead of deep-copied, kept as
 * the oracle that {@link StatsDecompressorTest} compares the current implementation with.
 */
final class LegacyStatsDecompressor {
    private static final String TIMESTAMP_KEY = "t";

    private LegacyStatsDecompressor() {}

    static ObjectNode decompress(ObjectNode base, JsonNode delta) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        JsonNode timestamp = null;
        List<String> removed = new ArrayList<>();
        if (delta != null && delta.isObject()) {
            for (Map.Entry<String, JsonNode> entry : delta.properties()) {
                String id = entry.getKey();
                JsonNode report = entry.getValue();
                if (id.equals(TIMESTAMP_KEY)) {
                    timestamp = report;
                } else if (report.isNull()) {
                    removed.add(id);
                } else if (report.isObject()) {
                    result.set(id, expandNames((ObjectNode) report));
                }
            }
        }
        if (base != null) {
            mergeBase(base, result, removed, timestamp);
        }
        if (timestamp != null) {
            for (JsonNode report : result) {
                if (!report.has("timestamp")) {
                    ((ObjectNode) report).set("timestamp", timestamp);
                }
            }
        }
        return inJavaScriptKeyOrder(result);
    }

    private static void mergeBase(ObjectNode base, ObjectNode result, List<String> removed, JsonNode timestamp) {
        for (Map.Entry<String, JsonNode> entry : base.properties()) {
            String id = entry.getKey();
            if (removed.contains(id) || !entry.getValue().isObject()) {
                continue;
            }
            ObjectNode previous = (ObjectNode) entry.getValue();
            ObjectNode update = (ObjectNode) result.get(id);
            boolean ownTimestamp = update != null && update.has("timestamp");
            if (update == null) {
                ObjectNode copy = previous.deepCopy();
                if (timestamp != null) {
                    copy.set("timestamp", timestamp);
                }
                result.set(id, copy);
                continue;
            }
            for (Map.Entry<String, JsonNode> property : previous.properties()) {
                JsonNode current = update.get(property.getKey());
                if (current == null) {
                    update.set(property.getKey(), property.getValue().deepCopy());
                } else if (property.getValue().isObject() && current.isObject()) {
                    ObjectNode merged = ((ObjectNode) property.getValue()).deepCopy();
                    merged.setAll((ObjectNode) current);
                    update.set(property.getKey(), merged);
                }
            }
            if (timestamp != null && !ownTimestamp) {
                update.set("timestamp", timestamp);
            }
        }
    }

    private static ObjectNode expandNames(ObjectNode report) {
        ObjectNode expanded = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> property : report.properties()) {
            String name = StatsDecompressor.propertyName(property.getKey());
            JsonNode value = property.getValue().deepCopy();
            expanded.set(name, name.equals("type") ? StatsDecompressor.typeName(value) : value);
        }
        return expanded;
    }

    // JavaScript objects list integer-like keys first, in ascending order; feature "first report of type X"
    // lookups depend on that order, so the decoded report reproduces it.
    private static ObjectNode inJavaScriptKeyOrder(ObjectNode report) {
        List<String> keys = new ArrayList<>();
        report.fieldNames().forEachRemaining(keys::add);
        List<String> ordered = new ArrayList<>(keys.stream()
                .filter(k -> parseId(k) != null)
                .sorted(Comparator.comparingInt(LegacyStatsDecompressor::parseId))
                .toList());
        keys.stream().filter(k -> parseId(k) == null).forEach(ordered::add);
        if (ordered.equals(keys)) {
            return report;
        }
        ObjectNode sorted = JsonNodeFactory.instance.objectNode();
        ordered.forEach(key -> sorted.set(key, report.get(key)));
        return sorted;
    }

    private static Integer parseId(String key) {
        if (key.isEmpty() || key.length() > 9 || (key.length() > 1 && key.charAt(0) == '0')) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(key);
    }
}
