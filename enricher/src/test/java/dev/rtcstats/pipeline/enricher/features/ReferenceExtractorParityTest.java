package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import dev.rtcstats.pipeline.enricher.privacy.GeoLocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's done-when: the features we compute for a dump equal what the reference extractor
 * ({@code bin/features.js} of rtcstats/rtcstats) prints for the obfuscated dump our enricher stores. The call in
 * {@code reference/call.json} goes through {@link DumpPrivacy} (obfuscation and geolocation, as the enricher
 * stores it, and the lines the enricher hands to the features); {@code reference/call-features.json} is the
 * reference extractor's output for that stored dump (see the README there).
 */
class ReferenceExtractorParityTest {
    private static final JsonNode CALL = ReferenceVectors.json("call.json");
    private static final JsonNode REFERENCE = ReferenceVectors.json("call-features.json");

    @Test
    void shouldStoreTheDumpTheReferenceExtractorRead() {
        // Given
        List<String> lines = new ArrayList<>();

        // When
        String stored = store(lines);

        // Then
        assertThat(stored).isEqualTo(text("call-stored.rtcstats"));
    }

    @Test
    void shouldComputeTheReferenceExtractorsClientFeatures() {
        // Given / When
        Features features = features();

        // Then
        ObjectNode expected = REFERENCE.deepCopy();
        expected.remove("peerConnections");
        ReferenceVectors.assertSameFeatures(row(features.client(), FeatureCatalog.CLIENT), expected);
    }

    @Test
    void shouldComputeTheReferenceExtractorsConnectionAndTrackFeatures() {
        // Given / When
        Features features = features();

        // Then
        JsonNode connections = REFERENCE.get("peerConnections");
        assertThat(features.connections()).hasSize(connections.size());
        for (int i = 0; i < connections.size(); i++) {
            ObjectNode expected = connections.get(i).deepCopy();
            JsonNode tracks = expected.remove("tracks");
            Map<String, Object> connection = features.connections().get(i);
            ReferenceVectors.assertSameFeatures(row(connection, FeatureCatalog.CONNECTION), expected);
            List<Map<String, Object>> ours = features.tracks().stream()
                    .filter(t -> t.get("connectionIdentifier").equals(connection.get("connectionIdentifier")))
                    .toList();
            assertThat(ours).hasSize(tracks.size());
            for (int t = 0; t < tracks.size(); t++) {
                ReferenceVectors.assertSameFeatures(row(ours.get(t), FeatureCatalog.TRACK), tracks.get(t));
            }
        }
    }

    private static Features features() {
        List<String> lines = new ArrayList<>();
        store(lines);
        List<String> dump =
                new ArrayList<>(List.of(DumpFormat.HEADER, CALL.get("metadata").textValue()));
        dump.addAll(lines);
        return new FeatureExtractor().extract(RtcStatsDump.read(dump));
    }

    /** The dump as the enricher stores it; {@code lines} receives what it gives the feature extraction. */
    private static String store(List<String> lines) {
        JsonNode geo = CALL.get("geo");
        GeoLocator locator = address -> geo.has(address) ? geo.get(address) : null;
        DumpPrivacy privacy = DumpPrivacy.of(true, locator);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((DumpFormat.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes((privacy.metadataLine(CALL.get("metadata").textValue(), List.of()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        CALL.get("frames")
                .forEach(frame -> privacy.writeFrame(
                        frame.textValue().getBytes(StandardCharsets.UTF_8), out::writeBytes, lines::add));
        privacy.writeClose(CALL.get("close").textValue(), out::writeBytes, lines::add);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Our row as JSON, without our own key columns (the reference keeps them outside the features). */
    private static ObjectNode row(Map<String, Object> features, Map<String, FeatureType> catalog) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        features.forEach((name, value) -> {
            if (!name.equals("connectionIdentifier")) {
                row.set(name, ReferenceVectors.featureNode(value, catalog.get(name)));
            }
        });
        return row;
    }

    private static String text(String name) {
        try (InputStream in = ReferenceExtractorParityTest.class.getResourceAsStream("/reference/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
