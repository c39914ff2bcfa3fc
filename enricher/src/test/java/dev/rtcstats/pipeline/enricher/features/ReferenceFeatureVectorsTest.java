package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test cases of the reference's rtcstats-features ({@code packages/rtcstats-features/test/{client,connection,
 * track}.js}): the same traces, and as expected values every feature the reference computes for them (a superset of
 * what its tests assert), with our deliberate differences noted in the case.
 */
class ReferenceFeatureVectorsTest {

    static List<Named<JsonNode>> clientCases() {
        return ReferenceVectors.cases("features-client.json");
    }

    static List<Named<JsonNode>> connectionCases() {
        return ReferenceVectors.cases("features-connection.json");
    }

    static List<Named<JsonNode>> trackCases() {
        return ReferenceVectors.cases("features-track.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientCases")
    void shouldComputeTheReferenceClientFeatures(JsonNode vector) {
        // Given
        List<Event> trace = ReferenceVectors.trace(vector.get("trace"));

        // When
        Map<String, Object> features = ClientFeatures.extract(trace);

        // Then
        ReferenceVectors.assertFeatures(features, FeatureCatalog.CLIENT, vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionCases")
    void shouldComputeTheReferenceConnectionFeatures(JsonNode vector) {
        // Given
        List<Event> trace = ReferenceVectors.trace(vector.get("trace"));

        // When
        Map<String, Object> features = ConnectionFeatures.extract("PC_0", trace);

        // Then
        ReferenceVectors.assertFeatures(features, FeatureCatalog.CONNECTION, vector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trackCases")
    void shouldComputeTheReferenceTrackFeatures(JsonNode vector) {
        // Given
        List<Event> trace = ReferenceVectors.trace(vector.get("trace"));
        TrackInfo track = ReferenceVectors.track(vector.get("track"));

        // When
        Map<String, Object> features = TrackFeatures.extract("PC_0", trace, track);

        // Then
        ReferenceVectors.assertFeatures(features, FeatureCatalog.TRACK, vector);
    }
}
