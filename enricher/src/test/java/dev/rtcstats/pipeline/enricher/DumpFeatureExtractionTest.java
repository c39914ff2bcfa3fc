package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.SessionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpFeatureExtractionTest {

    @Test
    void shouldComputeFeaturesFromTheFramesAndCloseLineTheAssemblerPassesOn() throws IOException {
        // Given
        List<String> dump = gumonly();
        SessionRecord session = new SessionRecord(
                SessionRecord.FORMAT,
                "c1",
                "alice",
                "room-42",
                "s-1",
                null,
                "gw",
                1758602115667L,
                1758602121213L,
                3,
                1001,
                "client",
                "Chrome",
                "https://webrtc.github.io",
                "rtcstats#4.0",
                881,
                "c1.gz",
                7);

        // When
        var record = new DumpFeatureExtraction().extract(session, dump.get(1), dump.subList(2, dump.size()));

        // Then
        assertThat(record.connectionId()).isEqualTo("c1");
        assertThat(record.conference()).isEqualTo("room-42");
        assertThat(record.processingVersion()).isEqualTo(7);
        assertThat(record.client())
                .containsEntry("duration", 5546L)
                .containsEntry("calledGetUserMediaVideo", true)
                .containsEntry("operatingSystem", "Linux");
        assertThat(record.metadata()).containsEntry("numberPeerconnections", 0L);
        assertThat(record.connections()).isEmpty();
    }

    private static List<String> gumonly() throws IOException {
        try (InputStream in = DumpFeatureExtractionTest.class.getResourceAsStream("/features/gumonly.rtcstats")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }
}
