package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every catalogued feature has a value that some test compares with the reference's: a case of the ported vectors
 * or the call of {@link ReferenceExtractorParityTest}. A feature added without such a case fails here.
 */
class FeatureCoverageTest {
    private static final JsonNode CALL = ReferenceVectors.json("call-features.json");

    @Test
    void shouldCompareEveryClientFeatureWithAReferenceValue() {
        // Given
        Set<String> valued = valued("features-client.json");
        valued.addAll(names(CALL));

        // When / Then
        assertThat(uncovered(FeatureCatalog.CLIENT, valued)).isEmpty();
    }

    @Test
    void shouldCompareEveryConnectionFeatureWithAReferenceValue() {
        // Given
        Set<String> valued = valued("features-connection.json");
        CALL.get("peerConnections").forEach(connection -> valued.addAll(names(connection)));

        // When / Then
        assertThat(uncovered(FeatureCatalog.CONNECTION, valued)).isEmpty();
    }

    @Test
    void shouldCompareEveryTrackFeatureWithAReferenceValue() {
        // Given
        Set<String> valued = valued("features-track.json");
        CALL.get("peerConnections")
                .forEach(connection -> connection.get("tracks").forEach(track -> valued.addAll(names(track))));

        // When / Then
        assertThat(uncovered(FeatureCatalog.TRACK, valued)).isEmpty();
    }

    private static Set<String> valued(String vectors) {
        Set<String> valued = new HashSet<>();
        ReferenceVectors.cases(vectors)
                .forEach(c -> valued.addAll(names(c.getPayload().get("expected"))));
        return valued;
    }

    private static Set<String> names(JsonNode row) {
        Set<String> names = new HashSet<>();
        row.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    // connectionIdentifier is our row key: the reference keeps the PeerConnection id outside its features.
    private static List<String> uncovered(Map<String, FeatureType> catalog, Set<String> valued) {
        return catalog.keySet().stream()
                .filter(name -> !name.equals("connectionIdentifier") && !valued.contains(name))
                .toList();
    }
}
