package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rtcstats.pipeline.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Named;

/**
 * Reads the vectors under {@code src/test/resources/reference} (see the README there for their origin) and compares
 * our output with the reference's, as JSON trees in which every number is a double (JavaScript has one number type).
 */
final class ReferenceVectors {
    /** Our own row keys, which the reference keeps in foreign-key columns instead of features. */
    private static final List<String> KEY_FEATURES = List.of("connectionIdentifier");

    private ReferenceVectors() {}

    static JsonNode json(String name) {
        try (InputStream in = ReferenceVectors.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource reference/" + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of a vector file, named as in the reference's tests. */
    static List<Named<JsonNode>> cases(String name) {
        List<Named<JsonNode>> cases = new ArrayList<>();
        json(name).get("cases").forEach(c -> cases.add(Named.of(c.get("name").asText(), c)));
        return cases;
    }

    /**
     * The events of a trace as the reference's tests write them: {@code {type, value, timestamp, extra}}, where an
     * absent value is JavaScript's {@code undefined} (a missing node, unlike {@code null}) and an absent type matches
     * no method. {@code {repeat, every, event}} stands for {@code repeat} copies of {@code event}, {@code every} ms
     * apart.
     */
    static List<Event> trace(JsonNode events) {
        List<Event> trace = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.has("repeat")) {
                for (int i = 0; i < event.get("repeat").intValue(); i++) {
                    trace.add(event(event.get("event"), i * event.get("every").longValue()));
                }
            } else {
                trace.add(event(event, 0));
            }
        }
        return trace;
    }

    private static Event event(JsonNode event, long offset) {
        List<JsonNode> extra = new ArrayList<>();
        event.path("extra").forEach(extra::add);
        JsonNode value = event.has("value") ? event.get("value") : MissingNode.getInstance();
        return new Event(
                (long) Math.floor(event.get("timestamp").doubleValue()) + offset,
                event.path("type").asText(""),
                value,
                extra);
    }

    /**
     * The outcome a whole-output case expects of us: the reference's {@code expected}, or where the case notes a
     * deliberate difference ({@code differences = {reason, ours}}), {@code ours}.
     */
    static JsonNode expectedOfUs(JsonNode vector) {
        JsonNode difference = vector.path("differences");
        if (difference.isMissingNode()) {
            return vector.get("expected");
        }
        assertThat(difference.path("reason").asText())
                .as("reason of the difference")
                .isNotBlank();
        return difference.get("ours");
    }

    static TrackInfo track(JsonNode track) {
        return new TrackInfo(
                JsonSemantics.text(track.get("kind")),
                JsonSemantics.text(track.get("id")),
                TrackInfo.Direction.valueOf(track.get("direction").asText().toUpperCase(java.util.Locale.ROOT)),
                track.get("startTime").longValue(),
                JsonSemantics.text(track.get("statsId")));
    }

    /**
     * Asserts that our features equal the reference's {@code expected} ones, key by key, except where the case
     * lists a deliberate difference: {@code differences.<feature> = {reason, ours}}, where {@code ours} is our
     * value (absent: we leave the feature undefined).
     */
    static void assertFeatures(Map<String, Object> ours, Map<String, FeatureType> catalog, JsonNode vector) {
        ObjectNode actual = JsonNodeFactory.instance.objectNode();
        ours.forEach((name, value) -> {
            if (!KEY_FEATURES.contains(name)) {
                actual.set(name, featureNode(value, catalog.get(name)));
            }
        });
        ObjectNode expected = vector.get("expected").deepCopy();
        vector.path("differences").properties().forEach(difference -> {
            assertThat(difference.getValue().path("reason").asText())
                    .as("reason of the difference in %s", difference.getKey())
                    .isNotBlank();
            expected.remove(difference.getKey());
            if (difference.getValue().has("ours")) {
                expected.set(difference.getKey(), difference.getValue().get("ours"));
            }
        });
        assertSameFeatures(actual, expected);
    }

    /** Compares two feature rows column by column, reporting every column that differs. */
    static void assertSameFeatures(JsonNode actual, JsonNode expected) {
        Set<String> columns = new TreeSet<>();
        actual.fieldNames().forEachRemaining(columns::add);
        expected.fieldNames().forEachRemaining(columns::add);
        SoftAssertions softly = new SoftAssertions();
        for (String column : columns) {
            softly.assertThat(normalized(actual.get(column)))
                    .as("feature %s", column)
                    .isEqualTo(normalized(expected.get(column)));
        }
        softly.assertAll();
    }

    static JsonNode featureNode(Object value, FeatureType type) {
        if (type == FeatureType.JSON) {
            try {
                return Json.MAPPER.readTree((String) value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return value instanceof String text ? TextNode.valueOf(text) : Json.MAPPER.valueToTree(value);
    }

    /** The tree with every number as a double, so 2 (a long here) equals 2.0 (a JavaScript number there). */
    static JsonNode normalized(JsonNode node) {
        if (node == null) {
            return MissingNode.getInstance();
        }
        if (node.isNumber()) {
            return DoubleNode.valueOf(node.doubleValue());
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), normalized(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(normalized(element)));
            return copy;
        }
        return node;
    }
}
