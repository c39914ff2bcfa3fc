package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A full (decompressed) getStats report keyed by stats id, with the lookups the features share. */
record StatsReport(JsonNode reports) {
    /** The report of a getStats event, or empty for any other event or a non-object value. */
    static Optional<StatsReport> of(Event event) {
        return event.is("getStats") && event.value().isObject()
                ? Optional.of(new StatsReport(event.value()))
                : Optional.empty();
    }

    /** The stats with this id, or a missing node. */
    JsonNode get(JsonNode id) {
        if (id == null || id.isMissingNode() || id.isNull()) {
            return MissingNode.getInstance();
        }
        return reports.path(JsonSemantics.propertyKey(id));
    }

    /** Whether stats with this id exist. */
    boolean has(String id) {
        return id != null && reports.has(id);
    }

    /** The first stats object, in report order, that matches. */
    Optional<JsonNode> first(Predicate<JsonNode> test) {
        for (Map.Entry<String, JsonNode> entry : reports.properties()) {
            if (entry.getValue().isObject() && test.test(entry.getValue())) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The first transport stats with a selected candidate pair. */
    Optional<JsonNode> selectedTransport() {
        return first(s -> "transport".equals(JsonSemantics.text(s.get("type")))
                && JsonSemantics.truthy(s.get("selectedCandidatePairId")));
    }

    /** The candidate-pair stats the selected transport points to. */
    Optional<JsonNode> selectedCandidatePair() {
        return selectedTransport()
                .map(t -> get(t.get("selectedCandidatePairId")))
                .filter(JsonNode::isObject);
    }
}
