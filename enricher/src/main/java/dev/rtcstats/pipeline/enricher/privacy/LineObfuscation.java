package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rtcstats.pipeline.common.AddressObfuscation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference's {@code obfuscateAddress(decompressMethod(data[0]), data)} on one parsed dump line: ICE candidates
 * of {@code addIceCandidate}/{@code onicecandidate}, {@code a=candidate}, {@code c=} and {@code a=rtcp:} lines of
 * descriptions, {@code address}/{@code relatedAddress}/{@code ip} of getStats reports (also under their compressed
 * keys 134 and 141, where a delta that omits {@code candidateType} is obfuscated even for a relay), and the legacy
 * {@code publicIP}, and the same getStats properties in the legacy client's {@code getstats} lines (beyond the
 * reference, which leaves those as they came). Relay addresses are kept. Where the JavaScript would throw half-way,
 * nothing is changed.
 */
final class LineObfuscation {
    private static final Map<String, String> METHODS = Map.of(
            "g", "getStats",
            "1", "getStats",
            "3", "createOfferOnSuccess",
            "5", "createAnswerOnSuccess",
            "6", "setLocalDescription",
            "7", "setLocalDescriptionOnSuccess",
            "8", "setRemoteDescription",
            "10", "addIceCandidate",
            "20", "onicecandidate",
            // The legacy rtcstats 5.x client's full-name delta; the reference does not know it and stores its
            // addresses as they came.
            "getstats", "getStats");
    private static final String ADDRESS = "134";
    private static final String CANDIDATE_TYPE = "136";
    private static final String RELATED_ADDRESS = "141";

    private LineObfuscation() {}

    /** The decompressed method of a line, or {@code null} when it is none the pipeline rewrites. */
    static String method(JsonNode data) {
        JsonNode key = JsValues.get(data, "0");
        if (key == null) {
            return null;
        }
        String mapped = METHODS.get(JsValues.propertyKey(key));
        return mapped != null ? mapped : key.isTextual() ? key.textValue() : null;
    }

    /** Obfuscates {@code data} in place; returns false, changing nothing, where the reference would throw. */
    static boolean apply(JsonNode data) {
        String method = method(data);
        if (method == null) {
            return true;
        }
        List<Runnable> edits = new ArrayList<>();
        try {
            collect(method, data, edits);
        } catch (JsTypeError e) {
            return false;
        }
        edits.forEach(Runnable::run);
        return true;
    }

    private static void collect(String method, JsonNode data, List<Runnable> edits) {
        JsonNode argument = JsValues.get(data, "2");
        switch (method) {
            case "addIceCandidate", "onicecandidate" -> {
                JsonNode candidate = JsValues.get(argument, "candidate");
                if (JsValues.truthy(argument) && JsValues.truthy(candidate)) {
                    String written =
                            CandidateLine.parse(text(candidate)).obfuscated().write();
                    edits.add(() -> set(argument, "candidate", TextNode.valueOf(written)));
                }
            }
            case "setLocalDescription",
                    "setLocalDescriptionOnSuccess",
                    "setRemoteDescription",
                    "createOfferOnSuccess",
                    "createAnswerOnSuccess" -> {
                JsonNode sdp = JsValues.get(argument, "sdp");
                if (JsValues.truthy(argument) && JsValues.truthy(sdp)) {
                    String written = obfuscateSdp(text(sdp));
                    edits.add(() -> set(argument, "sdp", TextNode.valueOf(written)));
                }
            }
            case "getStats" -> {
                if (JsValues.truthy(argument)) {
                    for (String id : JsValues.keys(argument)) {
                        collectReport(JsValues.get(argument, id), edits);
                    }
                }
            }
            case "publicIP" -> {
                JsonNode replaced;
                if (argument != null && argument.isArray()) {
                    ArrayNode addresses = JsonNodeFactory.instance.arrayNode();
                    argument.forEach(address -> addresses.add(obfuscate(address)));
                    replaced = addresses;
                } else {
                    replaced = TextNode.valueOf(obfuscate(argument));
                }
                edits.add(() -> set(data, "2", replaced));
            }
            default -> {}
        }
    }

    private static void collectReport(JsonNode report, List<Runnable> edits) {
        if (!JsValues.truthy(report)) {
            return;
        }
        JsonNode address = JsValues.get(report, "address");
        if (JsValues.truthy(address) && !JsValues.isString(JsValues.get(report, "candidateType"), "relay")) {
            String obfuscated = obfuscate(address);
            edits.add(() -> {
                set(report, "address", TextNode.valueOf(obfuscated));
                remove(report, "ip");
            });
        }
        JsonNode compressed = JsValues.get(report, ADDRESS);
        if (JsValues.truthy(compressed) && !JsValues.isString(JsValues.get(report, CANDIDATE_TYPE), "relay")) {
            String obfuscated = obfuscate(compressed);
            requireWritable(report);
            edits.add(() -> {
                set(report, ADDRESS, TextNode.valueOf(obfuscated));
                remove(report, "ip");
            });
        }
        for (String key : List.of("relatedAddress", RELATED_ADDRESS)) {
            JsonNode related = JsValues.get(report, key);
            if (JsValues.truthy(related)) {
                String obfuscated = obfuscate(related);
                requireWritable(report);
                edits.add(() -> set(report, key, TextNode.valueOf(obfuscated)));
            }
        }
    }

    // Strict-mode JavaScript throws when assigning to an index of a string primitive.
    private static void requireWritable(JsonNode target) {
        if (target.isTextual()) {
            throw new JsTypeError("cannot assign to a string");
        }
    }

    private static String obfuscate(JsonNode address) {
        return AddressObfuscation.obfuscate(text(address));
    }

    private static String text(JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw new JsTypeError("not a string");
        }
        return value.textValue();
    }

    /** The reference's {@code obfuscateSDP}: trimmed lines, rewritten, joined with CRLF, trimmed, CRLF-terminated. */
    static String obfuscateSdp(String sdp) {
        List<String> lines = new ArrayList<>();
        for (String line : JsStrings.trim(sdp).split("\n", -1)) {
            String trimmed = JsStrings.trim(line);
            if (trimmed.startsWith("a=candidate:")) {
                lines.add("a=" + CandidateLine.parse(trimmed).obfuscated().write());
            } else if (trimmed.startsWith("c=")) {
                lines.add("c=IN IP4 0.0.0.0");
            } else if (trimmed.startsWith("a=rtcp:")) {
                lines.add("a=rtcp:9 IN IP4 0.0.0.0");
            } else {
                lines.add(trimmed);
            }
        }
        return JsStrings.trim(String.join("\r\n", lines)) + "\r\n";
    }

    private static void set(JsonNode target, String key, JsonNode value) {
        if (target instanceof ObjectNode object) {
            object.set(key, value);
        } else if (target instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }
    }

    private static void remove(JsonNode target, String key) {
        if (target instanceof ObjectNode object) {
            object.remove(key);
        }
    }
}
