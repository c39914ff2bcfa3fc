package dev.rtcstats.pipeline.enricher.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference's address-obfuscator tests, with the whole expected event the reference produces. */
class LineObfuscationTest {

    static Iterable<JsonNode> referenceCases() {
        return Vectors.json("address-obfuscator.json").get("cases");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("referenceCases")
    void shouldObfuscateAsTheReference(JsonNode vector) {
        // Given
        JsonNode event = vector.get("input").deepCopy();

        // When
        boolean applied = LineObfuscation.apply(event);

        // Then
        assertThat(applied).as(vector.get("name").asText()).isTrue();
        assertThat(JsJson.stringify(event))
                .as(vector.get("name").asText())
                .isEqualTo(JsJson.stringify(vector.get("expected")));
    }
}
