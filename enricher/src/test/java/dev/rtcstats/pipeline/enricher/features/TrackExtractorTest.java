package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile transceiver events; the well-formed ones are the reference's cases in {@link ReferenceDumpVectorsTest}. */
class TrackExtractorTest {

    @Test
    void shouldSkipTransceiverEventsWhenTheirSenderOrReceiverIsMissing() {
        // Given: the reference throws on these and loses every feature of the dump
        ParsedDump dump = TestDumps.read(
                "[\"transceiverAdded\",\"1\",{\"reason\":\"addTrack\",\"kind\":\"audio\"},1]",
                "[\"transceiverAdded\",\"1\",{\"reason\":\"setRemoteDescription\",\"receiver\":\"r\"},1]",
                "[\"transceiverAdded\",\"1\",\"getTransceivers()[0]:{mid:null}\",1]",
                "[\"transceiverModified\",\"1\",{\"currentDirection\":\"recvonly\",\"receiver\":{\"track\":\"\"}},1]",
                "[\"transceiverModified\",\"1\",null,1]",
                "[\"transceiverAdded\",\"1\",{\"reason\":\"addTransceiver\",\"kind\":\"video\",\"sender\":{}},1]");

        // When
        List<TrackInfo> tracks = TrackExtractor.extract(dump.connections().get("1"));

        // Then: only the last one is a track, without an id, as in the reference
        assertThat(tracks).containsExactly(new TrackInfo("video", null, TrackInfo.Direction.OUTBOUND, 6, null));
    }

    @Test
    void shouldAddAReceivingTrackWhenCurrentDirectionListsRecv() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[\"transceiverModified\",\"1\",{\"kind\":\"video\",\"currentDirection\":[\"recv\"],"
                        + "\"receiver\":{\"track\":\"v\"}},5]",
                "[\"transceiverModified\",\"1\",{\"kind\":\"video\",\"currentDirection\":\"sendrecv\","
                        + "\"receiver\":{\"track\":\"v\"}},5]");

        // When
        List<TrackInfo> tracks = TrackExtractor.extract(dump.connections().get("1"));

        // Then
        assertThat(tracks).containsExactly(new TrackInfo("video", "v", TrackInfo.Direction.INBOUND, 5, null));
    }

    @Test
    void shouldGiveATrackWithoutIdNoStatsWhenStatsLackATrackIdentifier() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[\"transceiverAdded\",\"1\",{\"reason\":\"setRemoteDescription\",\"kind\":\"audio\","
                        + "\"receiver\":{\"track\":null}},1]",
                "[\"getStats\",\"1\",{\"7\":{\"type\":\"inbound-rtp\"}},1]");

        // When
        List<TrackInfo> tracks = TrackExtractor.extract(dump.connections().get("1"));

        // Then
        assertThat(tracks).containsExactly(new TrackInfo("audio", null, TrackInfo.Direction.INBOUND, 1, null));
    }
}
