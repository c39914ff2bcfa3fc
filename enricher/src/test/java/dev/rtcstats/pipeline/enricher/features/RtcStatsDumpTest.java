package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcStatsDumpTest {

    @Test
    void shouldRebuildAbsoluteTimestampsWhenLaterFramesCarryDeltas() {
        // Given
        List<String> lines = TestDumps.lines(
                "[39,null,{},1700000000000]", "[66,null,[],250]", "[39,\"PC_0\",null,10]", "[\"close\",null,1001,5]");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        assertThat(dump.clientEvents())
                .extracting(Event::timestamp)
                .containsExactly(1700000000000L, 1700000000250L, 1700000000265L);
        assertThat(dump.connections().get("PC_0")).extracting(Event::timestamp).containsExactly(1700000000260L);
    }

    @Test
    void shouldTakeTimeAsAbsoluteWhenLegacyClientSendsEpochOnEveryFrame() {
        // Given: rtcstats 5.x (protocol 2.0) stamps every frame with Date.now()
        List<String> lines = TestDumps.lines(
                "[\"create\",\"PC_0\",{},1764013000000]",
                "[\"getstats\",\"PC_0\",{},1764013000500]",
                "[\"navigator.mediaDevices.getUserMedia\",null,{},1764013001000]",
                "[\"close\",null,1005,40]");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        assertThat(dump.connections().get("PC_0"))
                .extracting(Event::timestamp)
                .containsExactly(1764013000000L, 1764013000500L);
        assertThat(dump.clientEvents()).extracting(Event::timestamp).containsExactly(1764013001000L, 1764013001040L);
    }

    @Test
    void shouldDecompressMethodWhenFrameUsesTableIdOrName() {
        // Given
        List<String> lines = TestDumps.lines(
                "[39,null,{},1]",
                "[65,null,\"NotAllowedError\",\"60-0\",1]",
                "[68,null,\"NotAllowedError\",\"63-0\",1]",
                "[\"websocket\",null,{\"connectionTime\":12},1]",
                "[99,null,null,1]",
                "[\"g\",\"PC_0\",{},1]",
                "[1,\"PC_0\",{},1]",
                "[\"2\",\"PC_0\",null,1]");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        assertThat(dump.clientEvents())
                .extracting(Event::type)
                .containsExactly(
                        "create",
                        "navigator.mediaDevices.getUserMediaOnFailure",
                        "navigator.mediaDevices.getDisplayMediaOnFailure",
                        "websocket",
                        "99");
        assertThat(dump.connections().get("PC_0"))
                .extracting(Event::type)
                .containsExactly("getStats", "getStats", "createOffer");
    }

    @Test
    void shouldRestoreFullReportsWhenGetStatsDeltaFollowsFirstPoll() {
        // Given: the worked example of protocol.md section 1.7
        List<String> lines = TestDumps.lines(
                "[\"g\",\"PC_0\",{\"0\":{\"113\":1,\"114\":0,\"type\":10},\"1\":{\"80\":100,\"123\":\"connected\","
                        + "\"125\":\"2\",\"type\":5},\"2\":{\"5\":\"1\",\"148\":\"3\",\"152\":0.001,\"type\":6},"
                        + "\"3\":{\"134\":\"192.168.1.2\",\"136\":\"host\",\"type\":7},\"t\":1700000000000.5},"
                        + "\"connected-0\",5]",
                "[\"g\",\"PC_0\",{\"1\":{\"80\":250},\"2\":{\"152\":0.002},\"3\":null,\"t\":1700000001000.25},1000]");

        // When
        List<Event> events = RtcStatsDump.read(lines).connections().get("PC_0");

        // Then
        JsonNode first = events.get(0).value();
        assertThat(first.get("0").get("type").asText()).isEqualTo("peer-connection");
        assertThat(first.get("0").get("dataChannelsOpened").asInt()).isEqualTo(1);
        assertThat(first.get("1").get("selectedCandidatePairId").asText()).isEqualTo("2");
        assertThat(first.get("2").get("localCandidateId").asText()).isEqualTo("3");
        assertThat(first.get("3").get("candidateType").asText()).isEqualTo("host");
        assertThat(first.get("3").get("timestamp").asDouble()).isEqualTo(1700000000000.5);
        assertThat(events.get(0).extra()).extracting(JsonNode::asText).containsExactly("connected-0");

        JsonNode second = events.get(1).value();
        assertThat(second.has("3")).isFalse();
        assertThat(second.get("1").get("bytesSent").asInt()).isEqualTo(250);
        assertThat(second.get("1").get("dtlsState").asText()).isEqualTo("connected");
        assertThat(second.get("2").get("currentRoundTripTime").asDouble()).isEqualTo(0.002);
        assertThat(second.get("2").get("transportId").asText()).isEqualTo("1");
        assertThat(second.get("0").get("timestamp").asDouble()).isEqualTo(1700000001000.25);
        assertThat(second.has("t")).isFalse();
    }

    @Test
    void shouldKeepReportTimestampWhenDeltaCarriesItsOwn() {
        // Given
        List<String> lines = TestDumps.lines(
                "[\"g\",\"PC_0\",{\"0\":{\"type\":10},\"1\":{\"type\":5},\"t\":100},1]",
                "[\"g\",\"PC_0\",{\"0\":{\"t\":150},\"t\":200},1]");

        // When
        JsonNode report =
                RtcStatsDump.read(lines).connections().get("PC_0").get(1).value();

        // Then
        assertThat(report.get("0").get("timestamp").asInt()).isEqualTo(150);
        assertThat(report.get("1").get("timestamp").asInt()).isEqualTo(200);
    }

    @Test
    void shouldMergeNestedObjectsAndReplaceArraysWhenDeltaChangesThem() {
        // Given: 96 = qualityLimitationDurations
        List<String> lines = TestDumps.lines(
                "[\"g\",\"PC_0\",{\"0\":{\"type\":2,\"96\":{\"cpu\":1,\"none\":5},\"list\":[1,2,3]},\"t\":1},1]",
                "[\"g\",\"PC_0\",{\"0\":{\"96\":{\"none\":7},\"list\":[4]},\"t\":2},1]");

        // When
        List<Event> events = RtcStatsDump.read(lines).connections().get("PC_0");

        // Then
        JsonNode report = events.get(1).value().get("0");
        assertThat(report.get("type").asText()).isEqualTo("outbound-rtp");
        assertThat(report.get("qualityLimitationDurations").toString()).isEqualTo("{\"cpu\":1,\"none\":7}");
        assertThat(report.get("list").toString()).isEqualTo("[4]");
        assertThat(events.get(0)
                        .value()
                        .get("0")
                        .get("qualityLimitationDurations")
                        .toString())
                .isEqualTo("{\"cpu\":1,\"none\":5}");
    }

    @Test
    void shouldKeepStatsPerConnectionWhenTwoPeerConnectionsInterleave() {
        // Given
        List<String> lines = TestDumps.lines(
                "[\"g\",\"PC_0\",{\"0\":{\"type\":5,\"80\":1},\"t\":1},1]",
                "[\"g\",\"PC_1\",{\"0\":{\"type\":6,\"80\":2},\"t\":1},1]",
                "[\"g\",\"PC_0\",{\"0\":{\"80\":3},\"t\":2},1]");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        JsonNode pc0 = dump.connections().get("PC_0").get(1).value().get("0");
        assertThat(pc0.get("type").asText()).isEqualTo("transport");
        assertThat(pc0.get("bytesSent").asInt()).isEqualTo(3);
        assertThat(dump.peerConnectionIds()).containsExactly("PC_0", "PC_1");
    }

    @Test
    void shouldRestoreSdpWhenSetLocalDescriptionReferencesCreateOffer() {
        // Given
        String offer = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=mid:0\\r\\n";
        List<String> lines = TestDumps.lines(
                "[3,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"" + offer + "\"},\"2-0\",1]",
                "[6,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"v=\\r\\nm=\\r\\n\"},\"6-0\",1]",
                "[3,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"v=\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\"},\"2-1\",1]",
                "[8,\"PC_0\",{\"type\":\"answer\",\"sdp\":\"v=\\r\\n\"},\"8-0\",1]");

        // When
        List<Event> events = RtcStatsDump.read(lines).connections().get("PC_0");

        // Then
        String full = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n";
        assertThat(events.get(1).value().get("sdp").asText()).isEqualTo(full);
        assertThat(events.get(2).value().get("sdp").asText())
                .isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n");
        assertThat(events.get(3).value().get("sdp").asText()).isEqualTo("v=\r\n");
    }

    @Test
    void shouldUnwrapStateWhenChromeJsonEncodedIt() {
        // Given
        List<String> lines = TestDumps.lines(
                "[23,\"PC_0\",\"\\\"stable\\\"\",1]",
                "[25,\"PC_0\",\"connected\",1]",
                "[23,\"PC_0\",\"\\\"bogus\\\"\",1]");

        // When
        List<Event> events = RtcStatsDump.read(lines).connections().get("PC_0");

        // Then
        assertThat(events).extracting(e -> e.value().asText()).containsExactly("stable", "connected", "\"bogus\"");
    }

    @Test
    void shouldSkipAndCountFrameWhenLineIsNotValidJson() {
        // Given
        List<String> lines = TestDumps.lines(
                "[39,null,{},1000]",
                "[60,null,{\"audio\":tru",
                "",
                "{\"not\":\"an array\"}",
                "[60,null,{},\"60-0\",5] trailing",
                "[66,null,[],10]");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        assertThat(dump.skippedLines()).isEqualTo(2);
        assertThat(dump.clientEvents())
                .extracting(Event::type)
                .containsExactly("create", "navigator.mediaDevices.enumerateDevices");
        assertThat(dump.clientEvents().getLast().timestamp()).isEqualTo(1010L);
    }

    @Test
    void shouldSkipAndCountFrameWhenTimeDeltaIsMissing() {
        // Given
        List<String> lines = TestDumps.lines("[39,null,{},\"x\"]", "[39,null]", "[39,null,{},7]");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        assertThat(dump.skippedLines()).isEqualTo(2);
        assertThat(dump.clientEvents()).extracting(Event::timestamp).containsExactly(7L);
    }

    @Test
    void shouldExposeMetadataWhenSecondLineIsAnObject() {
        // Given
        List<String> lines = List.of("RTCStatsDump", "{\"url\":\"/x\",\"startTime\":5,\"locations\":[null]}");

        // When
        ParsedDump dump = RtcStatsDump.read(lines);

        // Then
        assertThat(dump.metadata()).containsEntry("url", "/x").containsEntry("startTime", 5);
        assertThat(dump.connections()).isEmpty();
    }

    @Test
    void shouldThrowWhenHeaderOrMetadataIsMissing() {
        // Given
        List<String> noHeader = List.of("{\"fileFormat\":3}", "[39,null,{},1]");
        List<String> badMetadata = List.of("RTCStatsDump", "[1,2]");

        // When / Then
        assertThatThrownBy(() -> RtcStatsDump.read(noHeader)).isInstanceOf(InvalidDumpException.class);
        assertThatThrownBy(() -> RtcStatsDump.read(badMetadata)).isInstanceOf(InvalidDumpException.class);
    }
}
