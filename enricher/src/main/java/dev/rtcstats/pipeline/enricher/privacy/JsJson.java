package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code JSON.parse} and {@code JSON.stringify} as V8 runs them, over Jackson trees: the reference server stores every
 * line of an obfuscated dump as {@code JSON.stringify(JSON.parse(line))}, and a byte-identical dump needs the same
 * number formatting ({@link JsNumbers}), string escaping and property order (array-index keys first, ascending).
 */
final class JsJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    // An array index is a canonical uint32 below 2^32 - 1.
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build());
    }

    private JsJson() {}

    /** The value of one JSON text, or {@code null} where {@code JSON.parse} would throw. */
    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String stringify(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** Whether a property key is an array index, which V8 lists before all other keys. */
    static boolean isArrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> quote(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            default -> out.append("null");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<String> keys = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(keys::add);
        if (keys.stream().anyMatch(JsJson::isArrayIndex)) {
            List<String> ordered = new ArrayList<>(keys.stream()
                    .filter(JsJson::isArrayIndex)
                    .sorted(Comparator.comparingLong(Long::parseLong))
                    .toList());
            keys.stream().filter(k -> !isArrayIndex(k)).forEach(ordered::add);
            keys = ordered;
        }
        out.append('{');
        boolean first = true;
        for (String key : keys) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(key, out);
            out.append(':');
            write(node.get(key), out);
        }
        out.append('}');
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        double value = node.doubleValue();
        out.append(Double.isFinite(value) ? JsNumbers.toString(value) : "null");
    }

    /** JSON.stringify's QuoteJSONString: short escapes, other controls and lone surrogates as lower-case {@code \\u}. */
    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(text, i)) {
                        out.append("\\u")
                                .append(HEX[c >> 12 & 0xF])
                                .append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF])
                                .append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    /** The entries of an object in V8's property order. */
    static List<Map.Entry<String, JsonNode>> properties(JsonNode object) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.properties().forEach(entries::add);
        entries.sort(Comparator.comparing((Map.Entry<String, JsonNode> e) -> !isArrayIndex(e.getKey()))
                .thenComparingLong(e -> isArrayIndex(e.getKey()) ? Long.parseLong(e.getKey()) : 0));
        return entries;
    }
}
