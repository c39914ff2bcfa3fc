package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
}
