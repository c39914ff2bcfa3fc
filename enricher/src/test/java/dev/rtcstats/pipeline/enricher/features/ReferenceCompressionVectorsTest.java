package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of the reference's {@code packages/rtcstats-shared/test/compression.js}. We only decompress, so a
 * compression case is ported as the decompression of what the reference compressed: the stats and descriptions are
 * the reference's {@code statsDecompression}/{@code descriptionDecompression} inputs and outputs, and each table
 * pair is (compressed, name).
 */
class ReferenceCompressionVectorsTest {
    private static final JsonNode VECTORS = ReferenceVectors.json("compression.json");

    static List<Named<JsonNode>> stats() {
        return named("stats");
    }

    static List<Named<JsonNode>> descriptions() {
        return named("descriptions");
    }

    static List<Named<JsonNode>> methods() {
        return named("methods");
    }

    static List<Named<JsonNode>> types() {
        return named("types");
    }

    static List<Named<JsonNode>> properties() {
        return named("properties");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stats")
    void shouldDecompressStatsAsTheReference(JsonNode vector) {
        // Given
        ObjectNode base = (ObjectNode) vector.get("base");
        JsonNode delta = vector.get("delta");
        JsonNode expected = ReferenceVectors.expectedOfUs(vector);

        // When
        ObjectNode restored = StatsDecompressor.decompress(base, delta);

        // Then
        assertThat(ReferenceVectors.normalized(restored)).isEqualTo(ReferenceVectors.normalized(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptions")
    void shouldDecompressDescriptionsAsTheReference(JsonNode vector) {
        // Given
        JsonNode base = vector.get("base").isNull() ? null : vector.get("base");

        // When
        JsonNode restored = SessionDescriptions.decompress(base, vector.get("description"));

        // Then
        assertThat(restored).isEqualTo(vector.get("expected"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void shouldDecompressMethodsAsTheReference(JsonNode pair) {
        // Given / When
        String method = MethodTable.decompress(pair.get(0));

        // Then
        assertThat(method).isEqualTo(pair.get(1).textValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldDecompressStatsTypesAsTheReference(JsonNode pair) {
        // Given / When
        JsonNode type = StatsDecompressor.typeName(pair.get(0));

        // Then
        assertThat(type.asText()).isEqualTo(pair.get(1).textValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void shouldDecompressStatsPropertiesAsTheReference(JsonNode pair) {
        // Given / When
        String property = StatsDecompressor.propertyName(JsonSemantics.propertyKey(pair.get(0)));

        // Then
        assertThat(property).isEqualTo(pair.get(1).textValue());
    }

    private static List<Named<JsonNode>> named(String group) {
        List<Named<JsonNode>> cases = new ArrayList<>();
        VECTORS.get(group)
                .forEach(vector -> cases.add(Named.of(
                        vector.isArray()
                                ? vector.get(0) + " -> " + vector.get(1)
                                : vector.get("name").asText(),
                        vector)));
        return cases;
    }
}
