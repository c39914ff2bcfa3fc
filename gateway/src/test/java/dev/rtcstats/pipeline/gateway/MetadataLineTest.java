package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtcstats.pipeline.common.Json;
import org.junit.jupiter.api.Test;

class MetadataLineTest {

    @Test
    void shouldWriteReferenceKeyOrderWhenAllHeadersPresent() {
        // Given
        UpgradeRequest request = new UpgradeRequest(
                "/",
                "rtcstats-token=x",
                "https://app.example.com",
                "Mozilla/5.0",
                "203.0.113.9, 2001:db8::1",
                "10.0.0.7",
                "rtcstats#5.0");

        // When
        String line = new MetadataLine(true).build(request, 1758602115667L);

        // Then
        assertThat(line)
                .isEqualTo("{\"url\":\"/?rtcstats-token=obfuscated\",\"origin\":\"https://app.example.com\","
                        + "\"userAgent\":\"Mozilla/5.0\",\"startTime\":1758602115667,"
                        + "\"remoteAddresses\":[\"203.0.113.x\",\" 2001:db8:x:x:x:x:x:x\"],"
                        + "\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}");
    }

    @Test
    void shouldOmitOriginAndKeepAddressesWhenAbsentAndObfuscationOff() {
        // Given
        UpgradeRequest request = new UpgradeRequest("/x", "", null, "UA", null, "192.168.1.20", "2.0");

        // When
        String line = new MetadataLine(false).build(request, 5L);

        // Then
        assertThat(line)
                .isEqualTo("{\"url\":\"/x\",\"userAgent\":\"UA\",\"startTime\":5,"
                        + "\"remoteAddresses\":[\"192.168.1.20\"],\"clientProtocol\":\"2.0\",\"fileFormat\":3}");
    }

    @Test
    void shouldTakeServerFieldsFromRequestAndKeepOnlyClientProtocolAndOtherKeysWhenUploaded() throws Exception {
        // Given
        UpgradeRequest request = new UpgradeRequest(
                "/upload", "rtcstats-token=t", "https://app.example.com", "curl/8", null, "198.51.100.7", "x");
        ObjectNode client = (ObjectNode) Json.MAPPER.readTree("{\"url\":\"/forged\",\"origin\":\"https://evil\","
                + "\"userAgent\":\"forged\",\"startTime\":1,\"remoteAddresses\":[\"1.2.3.4\"],"
                + "\"locations\":[{\"city\":\"forged\"}],\"fileFormat\":2,\"clientProtocol\":\"rtcstats#5.0\","
                + "\"appVersion\":\"7.1\"}");

        // When
        String line = new MetadataLine(true).buildForUpload(request, 1758602115667L, client);

        // Then
        assertThat(line)
                .isEqualTo("{\"url\":\"/upload?rtcstats-token=obfuscated\",\"origin\":\"https://app.example.com\","
                        + "\"userAgent\":\"curl/8\",\"startTime\":1758602115667,"
                        + "\"remoteAddresses\":[\"198.51.100.x\"],\"clientProtocol\":\"rtcstats#5.0\","
                        + "\"fileFormat\":3,\"appVersion\":\"7.1\"}");
    }
}
