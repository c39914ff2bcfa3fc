package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores an SDP that the client compressed against an earlier description of the same type: a section equal to
 * {@code v=} (session part) or {@code m=} (media section) stands for the base section at the same index.
 */
final class SessionDescriptions {
    private SessionDescriptions() {}

    /** The description with its SDP restored, or {@code description} unchanged when base and type do not fit. */
    static JsonNode decompress(JsonNode base, JsonNode description) {
        String baseSdp = JsonSemantics.text(base == null ? null : base.get("sdp"));
        String sdp = JsonSemantics.text(description.get("sdp"));
        JsonNode type = description.get("type");
        if (baseSdp == null
                || baseSdp.isEmpty()
                || sdp == null
                || sdp.isEmpty()
                || type == null
                || !type.equals(base.get("type"))) {
            return description;
        }
        List<String> baseSections = sections(baseSdp);
        List<String> sections = sections(sdp);
        List<String> restored = new ArrayList<>();
        for (int index = 0; index < sections.size(); index++) {
            String section = sections.get(index);
            String placeholder = index == 0 ? "v=" : "m=";
            if (section.equals(placeholder)) {
                restored.add(index < baseSections.size() ? baseSections.get(index) : "");
            } else {
                restored.add(section);
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("type", type);
        result.put("sdp", String.join("\r\n", restored).strip() + "\r\n");
        return result;
    }

    /** Whether an SDP contains the exact (trimmed) line. */
    static boolean hasLine(String sdp, String line) {
        return lines(sdp).contains(line);
    }

    /** The non-empty trimmed lines of an SDP. */
    static List<String> lines(String sdp) {
        return sdp.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> sections(String sdp) {
        String[] parts = sdp.split("\nm=", -1);
        List<String> sections = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            sections.add((i > 0 ? "m=" + parts[i] : parts[i]).strip());
        }
        return sections;
    }
}
