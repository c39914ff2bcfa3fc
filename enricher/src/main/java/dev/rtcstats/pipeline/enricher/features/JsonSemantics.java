package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The few JavaScript value rules the reference relies on (truthiness, property-key conversion, typeof checks),
 * applied to Jackson nodes so the Java features agree with the reference on untyped browser data.
 */
final class JsonSemantics {
    private JsonSemantics() {}

    /** JavaScript truthiness: false for missing, null, false, 0, NaN and the empty string. */
    static boolean truthy(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            double value = node.doubleValue();
            return value != 0 && !Double.isNaN(value);
        }
        if (node.isTextual()) {
            return !node.textValue().isEmpty();
        }
        return true;
    }

    /** The string a value becomes when used as an object key in JavaScript ({@code 2} and {@code 2.0} give "2"). */
    static String propertyKey(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            double value = node.doubleValue();
            if (value == Math.rint(value) && Math.abs(value) < 1e21) {
                return Long.toString((long) value);
            }
        }
        return node.asText();
    }

    /** The numeric value, or {@code null} when the node is not a JSON number. */
    static Double number(JsonNode node) {
        return node != null && node.isNumber() ? node.doubleValue() : null;
    }

    /** The text, or {@code null} when the node is not a JSON string. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
