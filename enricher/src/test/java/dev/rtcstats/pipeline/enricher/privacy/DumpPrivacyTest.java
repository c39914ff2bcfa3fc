package dev.rtcstats.pipeline.enricher.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DumpPrivacyTest {
    private static final JsonNode GOLDEN = Vectors.json("golden.json");

    static Iterable<JsonNode> obfuscateStreamCases() {
        return Vectors.json("obfuscate-stream.json").get("cases");
    }

    static Iterable<JsonNode> geolookupStreamCases() {
        return Vectors.json("geolookup-stream.json").get("cases");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("obfuscateStreamCases")
    void shouldObfuscateLinesAsTheReferenceStream(JsonNode vector) {
        // Given
        DumpPrivacy privacy = DumpPrivacy.DEFAULT;

        // When
        String output = stream(vector.get("input").asText(), privacy::processLine);

        // Then
        assertThat(output).isEqualTo(vector.get("expected").asText());
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("geolookupStreamCases")
    void shouldLocateCandidatesAsTheReferenceStream(JsonNode vector) {
        // Given
        JsonNode record = Vectors.json("geolookup-stream.json").get("record");

        // When
        String output = stream(vector.get("input").asText(), line -> {
            JsonNode data = JsJson.parse(line);
            return data != null && CandidateGeolocation.apply(data, address -> record) ? JsJson.stringify(data) : line;
        });

        // Then
        assertThat(output).isEqualTo(vector.get("expected").asText());
    }

    @Test
    void shouldStoreTheSameBytesAsTheReference() {
        // Given
        DumpPrivacy privacy = DumpPrivacy.of(true, null);

        // When
        String stored = store(privacy, new ArrayList<>());

        // Then
        assertThat(stored).isEqualTo(Vectors.text("golden-stored.txt"));
    }

    @Test
    void shouldStoreTheSameBytesAsTheReferenceWithGeolocation() {
        // Given
        DumpPrivacy privacy = DumpPrivacy.of(true, Vectors.table(GOLDEN.get("geo")));

        // When
        String stored = store(privacy, new ArrayList<>());

        // Then
        assertThat(stored).isEqualTo(Vectors.text("golden-stored-geo.txt"));
    }

    @Test
    void shouldGiveFeaturesTheStoredLines() {
        // Given
        List<String> lines = new ArrayList<>();

        // When
        String stored = store(DumpPrivacy.DEFAULT, lines);

        // Then
        String[] storedLines = stored.split("\n");
        assertThat(lines).containsExactly(java.util.Arrays.copyOfRange(storedLines, 2, storedLines.length));
        assertThat(String.join("\n", lines)).doesNotContain("192.168.1.20", "203.0.113.7");
    }

    @Test
    void shouldStoreFramesByteForByteWhenObfuscationIsOff() {
        // Given
        DumpPrivacy privacy = DumpPrivacy.of(false, Vectors.table(GOLDEN.get("geo")));

        // When
        String stored = store(privacy, new ArrayList<>());

        // Then
        StringBuilder raw =
                new StringBuilder("RTCStatsDump\n" + GOLDEN.get("metadata").asText() + "\n");
        GOLDEN.get("frames").forEach(frame -> raw.append(frame.asText()).append('\n'));
        assertThat(stored).isEqualTo(raw.append(GOLDEN.get("close").asText()).toString());
    }

    @Test
    void shouldObfuscateTheLegacyClientsGetstatsAddressesBeyondTheReference() {
        // Given: an rtcstats 5.x poll, full property names (the reference stores these lines as they came)
        String line = "[\"getstats\",\"PC_0\",{\"IT01\":{\"timestamp\":0,\"type\":\"local-candidate\","
                + "\"address\":\"192.0.2.2\",\"ip\":\"192.0.2.2\",\"candidateType\":\"host\"},"
                + "\"IT02\":{\"timestamp\":0,\"type\":\"remote-candidate\",\"address\":\"198.51.100.9\","
                + "\"relatedAddress\":\"10.1.2.3\",\"candidateType\":\"relay\"},"
                + "\"timestamp\":1700000001000.5},1700000001002]";

        // When
        String stored = DumpPrivacy.DEFAULT.processLine(line);

        // Then: the host address and every related address lose their last part; a relay keeps its own
        assertThat(stored)
                .isEqualTo("[\"getstats\",\"PC_0\",{\"IT01\":{\"timestamp\":0,\"type\":\"local-candidate\","
                        + "\"address\":\"192.0.2.x\",\"candidateType\":\"host\"},"
                        + "\"IT02\":{\"timestamp\":0,\"type\":\"remote-candidate\",\"address\":\"198.51.100.9\","
                        + "\"relatedAddress\":\"10.1.2.x\",\"candidateType\":\"relay\"},"
                        + "\"timestamp\":1700000001000.5},1700000001002]");
    }

    @Test
    void shouldInsertLocationsAfterTheRemoteAddresses() {
        // Given
        String metadata = "{\"url\":\"/\",\"startTime\":1,\"remoteAddresses\":[\"203.0.113.x\",\" 10.0.0.x\"],"
                + "\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}";
        DumpPrivacy privacy = DumpPrivacy.of(true, Vectors.table(GOLDEN.get("geo")));

        // When
        String line = privacy.metadataLine(metadata, List.of("203.0.113.7", " 10.0.0.1"));

        // Then
        assertThat(line)
                .isEqualTo("{\"url\":\"/\",\"startTime\":1,\"remoteAddresses\":[\"203.0.113.x\",\" 10.0.0.x\"],"
                        + "\"locations\":[{\"city\":{\"geoname_id\":1,\"names\":{\"de\":\"Beispielstadt\","
                        + "\"en\":\"Example City\"}},\"continent\":{\"code\":\"EU\",\"names\":{\"en\":\"Europe\"}},"
                        + "\"country\":{\"iso_code\":\"DE\",\"names\":{\"en\":\"Germany\"}}},null],"
                        + "\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}");
    }

    @Test
    void shouldLeaveTheMetadataAloneWithoutRawAddresses() {
        // Given
        String metadata = "{\"url\":\"/upload\",\"fileFormat\":3}";
        DumpPrivacy privacy = DumpPrivacy.of(false, Vectors.table(GOLDEN.get("geo")));

        // When
        String line = privacy.metadataLine(metadata, List.of());

        // Then
        assertThat(line).isEqualTo(metadata);
    }

    private static String store(DumpPrivacy privacy, List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RTCStatsDump\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(
                privacy.metadataLine(GOLDEN.get("metadata").asText(), List.of()).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {'\n'});
        GOLDEN.get("frames")
                .forEach(frame -> privacy.writeFrame(
                        frame.asText().getBytes(StandardCharsets.UTF_8), out::writeBytes, lines::add));
        privacy.writeClose(GOLDEN.get("close").asText(), out::writeBytes, lines::add);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String stream(String input, java.util.function.UnaryOperator<String> processLine) {
        StringBuilder out = new StringBuilder();
        for (String line : input.split("\n", -1)) {
            String processed = processLine.apply(line);
            if (processed != null && !line.isEmpty()) {
                out.append(processed).append('\n');
            }
        }
        return out.toString();
    }
}
