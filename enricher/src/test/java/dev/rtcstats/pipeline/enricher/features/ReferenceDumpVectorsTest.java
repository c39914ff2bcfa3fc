package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtcstats.pipeline.common.Json;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader ({@code readRTCStatsDump}) and {@code extractTracks} cases of the reference's
 * {@code packages/rtcstats-shared/test/dump.js}: the same dumps and the reference's output for them. The reader's
 * {@code eventSizes} and the deprecated {@code time} of each event are not ported (nothing here reads them), nor are
 * a track's {@code label} and {@code streams} (no feature reads them).
 */
class ReferenceDumpVectorsTest {

    static List<Named<JsonNode>> readerCases() {
        return ReferenceVectors.cases("dump-reader.json");
    }

    static List<Named<JsonNode>> trackCases() {
        return ReferenceVectors.cases("extract-tracks.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readerCases")
    void shouldReadDumpsAsTheReference(JsonNode vector) {
        // Given
        List<String> lines = lines(vector.get("dump").textValue());
        JsonNode expected = ReferenceVectors.expectedOfUs(vector);

        // When / Then
        if (expected.isNull()) {
            // The reference reader gives up (undefined); ours refuses the dump.
            assertThatThrownBy(() -> RtcStatsDump.read(lines)).isInstanceOf(InvalidDumpException.class);
            return;
        }
        ParsedDump dump = RtcStatsDump.read(lines);
        ObjectNode actual = Json.MAPPER.valueToTree(dump.metadata());
        ObjectNode connections = actual.putObject("peerConnections");
        dump.connections().forEach((id, trace) -> connections.set(String.valueOf(id), events(trace)));
        assertThat(ReferenceVectors.normalized(actual)).isEqualTo(ReferenceVectors.normalized(expected));
        if (connections.propertyStream().noneMatch(e -> e.getKey().matches("\\d+"))) {
            // JavaScript lists integer-like keys first, so only other keys keep the order of appearance.
            assertThat(names(connections)).containsExactlyElementsOf(names(expected.get("peerConnections")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trackCases")
    void shouldExtractTracksAsTheReference(JsonNode vector) {
        // Given
        ParsedDump dump = RtcStatsDump.read(lines(vector.get("dump").textValue()));
        List<Event> trace = dump.connections().get(vector.get("connection").textValue());

        // When
        List<TrackInfo> tracks = TrackExtractor.extract(trace);

        // Then
        ArrayNode expected = JsonNodeFactory.instance.arrayNode();
        vector.get("expected").forEach(track -> {
            ObjectNode info = expected.addObject();
            for (String field : List.of("direction", "id", "kind", "startTime", "statsId")) {
                info.set(field, track.path(field).isMissingNode() ? null : track.get(field));
            }
        });
        ArrayNode actual = JsonNodeFactory.instance.arrayNode();
        tracks.forEach(track -> actual.addObject()
                .put("direction", track.direction().featureValue())
                .put("id", track.id())
                .put("kind", track.kind())
                .put("startTime", track.startTime())
                .put("statsId", track.statsId()));
        assertThat(ReferenceVectors.normalized(actual)).isEqualTo(ReferenceVectors.normalized(expected));
    }

    private static List<String> names(JsonNode object) {
        return object.propertyStream().map(java.util.Map.Entry::getKey).toList();
    }

    private static List<String> lines(String dump) {
        return Arrays.asList(dump.split("\n", -1));
    }

    private static ArrayNode events(List<Event> trace) {
        ArrayNode events = JsonNodeFactory.instance.arrayNode();
        for (Event event : trace) {
            ObjectNode node = events.addObject();
            node.put("timestamp", event.timestamp());
            node.put("type", event.type());
            node.set("value", event.value());
            node.set("extra", Json.MAPPER.valueToTree(event.extra()));
        }
        return events;
    }
}
