package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JavaScript operations the reference applies to parsed dump lines: property reads ({@code value[key]}) on
 * objects, arrays and strings, {@code Object.keys}, truthiness and conversion to a property key. {@code null} stands
 * for {@code undefined}.
 */
final class JsValues {
    private JsValues() {}

    /** {@code value[key]} for a JSON value; {@code null} when undefined. Strings yield their UTF-16 units. */
    static JsonNode get(JsonNode value, String key) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            return value.get(key);
        }
        if (value.isArray() || value.isTextual()) {
            if (!JsJson.isArrayIndex(key)) {
                return null;
            }
            long index = Long.parseLong(key);
            if (value.isArray()) {
                return index < value.size() ? value.get((int) index) : null;
            }
            String text = value.textValue();
            return index < text.length() ? TextNode.valueOf(String.valueOf(text.charAt((int) index))) : null;
        }
        return null;
    }

    /** {@code Object.keys(value)} in V8 order; primitives other than strings have none. */
    static List<String> keys(JsonNode value) {
        List<String> keys = new ArrayList<>();
        if (value == null) {
            return keys;
        }
        if (value.isObject()) {
            JsJson.properties(value).forEach(e -> keys.add(e.getKey()));
        } else if (value.isArray() || value.isTextual()) {
            int size = value.isArray() ? value.size() : value.textValue().length();
            for (int i = 0; i < size; i++) {
                keys.add(Integer.toString(i));
            }
        }
        return keys;
    }

    /** JavaScript truthiness; {@code null} (undefined) is falsy. */
    static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            return number != 0 && !Double.isNaN(number);
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        return true;
    }

    /** {@code value === text}. */
    static boolean isString(JsonNode value, String text) {
        return value != null && value.isTextual() && value.textValue().equals(text);
    }

    /** The property key a value becomes in {@code table[value]} (ToPropertyKey of ToPrimitive). */
    static String propertyKey(JsonNode value) {
        if (value == null) {
            return "undefined";
        }
        return switch (value.getNodeType()) {
            case STRING -> value.textValue();
            case NUMBER -> JsNumbers.toString(value.doubleValue());
            case BOOLEAN -> Boolean.toString(value.booleanValue());
            case ARRAY -> {
                List<String> parts = new ArrayList<>();
                value.forEach(element -> parts.add(element.isNull() ? "" : propertyKey(element)));
                yield parts.stream().collect(Collectors.joining(","));
            }
            case OBJECT -> "[object Object]";
            default -> "null";
        };
    }
}
