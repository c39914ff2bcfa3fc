package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
    private static final long T0 = 1700000000000L;

    private final FeatureExtractor extractor = new FeatureExtractor();

    private Features callFeatures() {
        return extractor.extract(RtcStatsDump.read(TestDumps.resource("call.rtcstats")));
    }

    @Test
    void shouldMatchReferenceClientFeaturesWhenDumpIsGumOnly() {
        // Given
        ParsedDump dump = RtcStatsDump.read(TestDumps.resource("gumonly.rtcstats"));

        // When
        Features features = extractor.extract(dump);

        // Then
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("hardwareConcurrency", 16L);
        expected.put(
                "userAgentData",
                "{\"brands\":[{\"brand\":\"Chromium\",\"version\":\"140\"}],"
                        + "\"mobile\":false,\"platform\":\"Linux\"}");
        expected.put("deviceMemory", 8.0);
        expected.put("screen", "{\"width\":1920,\"height\":1080,\"devicePixelRatio\":1}");
        expected.put("window", "{\"width\":1280,\"height\":720}");
        expected.put("duration", 5546L);
        expected.put("operatingSystem", "Linux");
        expected.put("enumerateDevicesCount", 0L);
        expected.put("calledGetDisplayMedia", false);
        expected.put("calledGetDisplayMediaAudio", false);
        expected.put("calledGetDisplayMediaVideo", false);
        expected.put("getDisplayMediaErrorCount", 0L);
        expected.put("getDisplayMediaSuccessCount", 0L);
        expected.put("calledGetUserMedia", true);
        expected.put("calledGetUserMediaAudio", false);
        expected.put("calledGetUserMediaCombined", false);
        expected.put("calledGetUserMediaVideo", true);
        expected.put("getUserMediaErrorCount", 0L);
        expected.put("getUserMediaSuccessCount", 1L);
        expected.put("startTime", 1758602115670L);
        assertThat(features.client()).isEqualTo(expected);
        assertThat(features.metadata())
                .containsEntry("numberPeerconnections", 0L)
                .containsEntry("clientProtocol", "rtcstats#4.0")
                .containsEntry("startTime", 1758602115667L)
                .doesNotContainKey("locationCountry");
        assertThat(features.connections()).isEmpty();
        assertThat(features.tracks()).isEmpty();
    }

    @Test
    void shouldComputeClientFeaturesWhenClientUsedGetUserMediaAndWebSocket() {
        // Given / When
        Map<String, Object> client = callFeatures().client();

        // Then
        assertThat(client)
                .containsEntry("hardwareConcurrency", 8L)
                .containsEntry("deviceMemory", 0.5)
                .containsEntry("reloadCount", 2L)
                .containsEntry("operatingSystem", "macOS")
                .containsEntry("duration", 4000L)
                .containsEntry("startTime", T0)
                .containsEntry("webSocketConnectionTime", 42L)
                .containsEntry("calledGetUserMediaAudio", true)
                .containsEntry("calledGetUserMediaVideo", true)
                .containsEntry("calledGetUserMediaCombined", true)
                .containsEntry("audioDeviceUsbId", "046d:0825")
                .containsEntry("videoEnded", true)
                .doesNotContainKeys("videoDeviceUsbId", "videoShortDuration", "audioEnded", "getUserMediaError");
    }

    @Test
    void shouldFlagShortTrackAndErrorWhenTrackEndsWithinOneSecond() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[60,null,{\"audio\":true},\"60-0\",1000]",
                "[65,null,\"NotReadableError: Could not start\",\"60-0\",10]",
                "[60,null,{\"audio\":true},\"60-1\",10]",
                "[61,null,[[\"audio\",\"a1\",\"Mic\"]],\"60-1\",10]",
                "[72,null,\"a1\",\"60-1\",999]",
                "[63,null,{\"audio\":true},\"63-0\",1]",
                "[\"navigator.mediaDevices.getDisplayMediaOnFailure\",null,\"NotAllowedError\",\"63-0\",1]");

        // When
        Map<String, Object> client = extractor.extract(dump).client();

        // Then
        assertThat(client)
                .containsEntry("getUserMediaError", "NotReadableError: Could not start")
                .containsEntry("getUserMediaErrorCount", 1L)
                .containsEntry("audioEnded", true)
                .containsEntry("audioShortDuration", true)
                .containsEntry("calledGetDisplayMediaAudio", true)
                .containsEntry("calledGetDisplayMediaVideo", true)
                .containsEntry("getDisplayMediaErrorCount", 1L)
                .doesNotContainKeys("hardwareConcurrency", "operatingSystem");
    }

    @Test
    void shouldReturnEmptyClientFeaturesWhenThereAreNoClientEvents() {
        // Given
        ParsedDump dump = TestDumps.read("[39,\"PC_0\",null,1000]");

        // When
        Features features = extractor.extract(dump);

        // Then
        assertThat(features.client()).isEmpty();
        assertThat(features.connections())
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .containsEntry("connectionIdentifier", "PC_0")
                        .containsEntry("numberOfEvents", 1L)
                        .containsEntry("closed", false)
                        .doesNotContainKeys("configuredIceServers", "pendingNegotiationAtEnd", "signalingDelay"));
    }

    @Test
    void shouldEmitOnlyDefinedConnectionFeaturesWhenTraceIsMinimal() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[2,\"PC_0\",null,\"2-0\",1000]",
                "[6,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"\"},\"6-0\",1]",
                "[\"g\",\"PC_0\",null,1]");

        // When
        Map<String, Object> connection = extractor.extract(dump).connections().getFirst();

        // Then
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("connectionIdentifier", "PC_0");
        for (String flag : new String[] {
            "addedHostCandidate",
            "addedConnectableIceTcpCandidate",
            "addedMdnsCandidate",
            "addedSrflxCandidate",
            "addedTurnCandidate",
            "addedNullCandidate",
            "closed",
            "connected",
            "iceConnected",
            "gatheredHostCandidate",
            "gatheredMdnsCandidate",
            "gatheredSrflxCandidate",
            "gatheredTurnCandidate",
            "iceRestart",
            "iceRestartFollowedBySetRemoteDescription",
            "statsTruncated",
            "usingIceLite"
        }) {
            expected.put(flag, false);
        }
        expected.put("duration", 2L);
        expected.put("numberOfEvents", 3L);
        expected.put("numberOfEventsNotGetStats", 2L);
        expected.put("numberOfNegotiations", 0L);
        expected.put("startTime", 1000L);
        assertThat(connection).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void shouldDetectIceRestartAndPendingOfferWhenRestartIsAnsweredThenRenegotiationStalls() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[2,\"PC_0\",{\"iceRestart\":true},\"2-0\",1000]",
                "[6,\"PC_0\",{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"6-0\",10]",
                "[23,\"PC_0\",\"have-local-offer\",1]",
                "[8,\"PC_0\",{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"},\"8-0\",100]",
                "[23,\"PC_0\",\"stable\",1]",
                "[14,\"PC_0\",\"InvalidStateError\",\"6-1\",1]",
                "[23,\"PC_0\",\"have-local-offer\",1]",
                "[23,\"PC_0\",\"closed\",1]");

        // When
        Map<String, Object> connection = extractor.extract(dump).connections().getFirst();

        // Then
        assertThat(connection)
                .containsEntry("iceRestart", true)
                .containsEntry("iceRestartFollowedBySetRemoteDescription", true)
                .containsEntry("signalingDelay", 101L)
                .containsEntry("numberOfNegotiations", 1L)
                .containsEntry("pendingNegotiationAtEnd", true)
                .containsEntry("setLocalDescriptionFailure", "InvalidStateError")
                .containsEntry("usingIceLite", false);
    }

    @Test
    void shouldComputeMetadataFeaturesWhenMetadataHasLocation() {
        // Given / When
        Map<String, Object> metadata = callFeatures().metadata();

        // Then
        assertThat(metadata)
                .containsEntry("startTime", T0)
                .containsEntry("url", "/call")
                .containsEntry("origin", "https://example.test")
                .containsEntry("userAgent", "UA")
                .containsEntry("fileFormat", 3L)
                .containsEntry("numberPeerconnections", 1L)
                .containsEntry("locationContinent", "Europe")
                .containsEntry("locationCountry", "Germany")
                .containsEntry("locationCity", "Berlin");
    }

    @Test
    void shouldComputeSignalingAndIceFeaturesWhenCallConnects() {
        // Given / When
        Map<String, Object> connection = callFeatures().connections().getFirst();

        // Then
        assertThat(connection)
                .containsEntry("connectionIdentifier", "PC_0")
                .containsEntry("startTime", T0 + 600)
                .containsEntry("duration", 2900L)
                .containsEntry("closed", true)
                .containsEntry("numberOfEvents", 28L)
                .containsEntry("numberOfEventsNotGetStats", 25L)
                .containsEntry("numberOfNegotiations", 1L)
                .containsEntry("pendingNegotiationAtEnd", false)
                .containsEntry("setLocalDescriptionDelay", 20L)
                .containsEntry("setLocalDescriptionRole", "offer")
                .containsEntry("setRemoteDescriptionDelay", 25L)
                .containsEntry("setRemoteDescriptionRole", "answer")
                .containsEntry("signalingDelay", 340L)
                .containsEntry("connected", true)
                .containsEntry("connectionTime", 150L)
                .containsEntry("iceConnected", true)
                .containsEntry("iceConnectionTime", 100L)
                .containsEntry("iceRestart", false)
                .containsEntry("iceRestartFollowedBySetRemoteDescription", false)
                .containsEntry("usingIceLite", true)
                .containsEntry("gatheringTimeTurnUdp", 115L)
                .containsEntry("statsTruncated", false)
                .doesNotContainKeys("gatheringTimeTurnTcp", "addIceCandidateFailure", "setLocalDescriptionFailure");
    }

    @Test
    void shouldComputeConfigurationAndCandidateFeaturesWhenCallConnects() {
        // Given / When
        Map<String, Object> connection = callFeatures().connections().getFirst();

        // Then
        assertThat(connection)
                .containsEntry("configuredIceServers", 2L)
                .containsEntry("configuredIceTransportPolicy", false)
                .containsEntry("configuredIceServersStun", true)
                .containsEntry("configuredIceServersTurnUdp", true)
                .containsEntry("configuredIceServersTurns", true)
                .containsEntry("configuredBundlePolicy", "max-bundle")
                .containsEntry("addedConnectableIceTcpCandidate", true)
                .containsEntry("addedHostCandidate", true)
                .containsEntry("addedMdnsCandidate", false)
                .containsEntry("addedNullCandidate", true)
                .containsEntry("addedSrflxCandidate", false)
                .containsEntry("addedTurnCandidate", false)
                .containsEntry("gatheredHostCandidate", true)
                .containsEntry("gatheredMdnsCandidate", true)
                .containsEntry("gatheredSrflxCandidate", true)
                .containsEntry("gatheredTurnCandidate", true)
                .doesNotContainKeys("configuredIceServersTurnTcp", "configuredAlwaysNegotiateDataChannels");
    }

    @Test
    void shouldComputeStatsFeaturesWhenGetStatsHasSelectedPair() {
        // Given / When
        Map<String, Object> connection = callFeatures().connections().getFirst();

        // Then
        assertThat(connection)
                .containsEntry("clockSkew", 50L)
                .containsEntry("dtlsRole", "client")
                .containsEntry("dtlsVersion", "FEFD")
                .containsEntry("srtpCipher", "AES_CM_128_HMAC_SHA1_80")
                .containsEntry("firstCandidatePairLocalAddress", "203.0.113.7")
                .containsEntry("firstCandidatePairLocalType", "srflx")
                .containsEntry("firstCandidatePairLocalProtocol", "udp")
                .containsEntry("firstCandidatePairLocalNetworkType", "wifi")
                .containsEntry("firstCandidatePairLocalTypePreference", 100L)
                .containsEntry("firstCandidatePairRemoteAddress", "192.0.2.50")
                .containsEntry("firstCandidatePairRemoteType", "host")
                .containsEntry("averageStunRoundTripTime", 0.05)
                .doesNotContainKeys("firstCandidatePairLocalRelayProtocol", "firstCandidatePairLocalRelayUrl");
        assertThat((Double) connection.get("averageOutboundBitrate")).isCloseTo(250000 * 8 / 2.1, within(1e-6));
        assertThat((Double) connection.get("averageInboundBitrate")).isCloseTo(500000 * 8 / 2.1, within(1e-6));
    }

    @Test
    void shouldComputeLocationsWhenCandidatesCarryServerGeolocation() {
        // Given / When
        Map<String, Object> connection = callFeatures().connections().getFirst();

        // Then
        assertThat(connection)
                .containsEntry("rtcstatsRelayLocationCountry", "Germany")
                .containsEntry("rtcstatsLocationContinent", "Europe")
                .containsEntry("rtcstatsLocationCity", "Berlin")
                .containsEntry("rtcstatsPeerLocationCountry", "United States")
                .containsEntry("rtcstatsPeerLocationCity", "Boston");
    }

    @Test
    void shouldComputeOutboundTrackFeaturesWhenStatsReferenceMediaSource() {
        // Given / When
        Map<String, Object> track = callFeatures().tracks().stream()
                .filter(t -> "mic-1".equals(t.get("trackIdentifier")))
                .findFirst()
                .orElseThrow();

        // Then
        assertThat(track)
                .containsEntry("connectionIdentifier", "PC_0")
                .containsEntry("direction", "outbound")
                .containsEntry("kind", "audio")
                .containsEntry("startTime", T0 + 610)
                .containsEntry("duration", 2790L)
                .containsEntry("codecMimeType", "audio/opus")
                .containsEntry("codecSdpFmtpLine", "minptime=10;useinbandfec=1")
                .containsEntry("nackCount", 2L)
                .containsEntry("packetsSentWithEct1", 3L)
                .containsEntry("packetsReceivedWithEct1", 2L)
                .containsEntry("packetsReceivedWithCe", 1L)
                .doesNotContainKeys("timeToFirstFrame", "hasNullVideoDecoder", "frameCount", "commonWidth");
    }

    @Test
    void shouldComputeInboundTrackFeaturesWhenStatsCarryTrackIdentifier() {
        // Given / When
        Map<String, Object> track = callFeatures().tracks().stream()
                .filter(t -> "remote-a".equals(t.get("trackIdentifier")))
                .findFirst()
                .orElseThrow();

        // Then
        assertThat(track)
                .containsEntry("direction", "inbound")
                .containsEntry("startTime", T0 + 1060)
                .containsEntry("timeToFirstFrame", 1340L)
                .containsEntry("duration", 2340L)
                .containsEntry("concealedSamples", 30L)
                .containsEntry("totalSamplesReceived", 3000L)
                .containsEntry("concealmentPercentage", 0.01)
                .containsEntry("jitterBufferDelay", 20.0)
                .containsEntry("jitterBufferEmittedCount", 1000L)
                .containsEntry("averageJitterBufferDelay", 0.02)
                .containsEntry("jitterBufferFlushes", 1L)
                .doesNotContainKeys("hasPeriodicJitterBufferFlushes", "hasNullVideoDecoder");
    }

    @Test
    void shouldComputeVideoFeaturesWhenOutboundVideoIsLimitedAndInboundFlushesPeriodically() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[30,\"PC_0\",[\"video\",\"v1\",\"cam\"],1000]",
                "[22,\"PC_0\",[\"audio\",\"a9\",\"remote\"],0]",
                "[\"g\",\"PC_0\",{\"O\":{\"type\":\"outbound-rtp\",\"mediaSourceId\":\"M\",\"frameWidth\":640,"
                        + "\"frameHeight\":360,\"framesEncoded\":10,\"totalEncodeTime\":0.5},"
                        + "\"M\":{\"type\":\"media-source\",\"trackIdentifier\":\"v1\"},"
                        + "\"I\":{\"type\":\"inbound-rtp\",\"trackIdentifier\":\"a9\",\"jitterBufferFlushes\":0},"
                        + "\"t\":1},1000]",
                "[\"g\",\"PC_0\",{\"O\":{\"frameWidth\":1280,\"frameHeight\":720},"
                        + "\"I\":{\"jitterBufferFlushes\":1},\"t\":2},4000]",
                "[\"g\",\"PC_0\",{\"O\":{\"frameWidth\":640,\"frameHeight\":360,\"framesEncoded\":100,"
                        + "\"qualityLimitationDurations\":{\"bandwidth\":1,\"cpu\":3,\"none\":4,\"other\":0}},"
                        + "\"I\":{\"jitterBufferFlushes\":2},\"t\":3},4000]",
                "[\"g\",\"PC_0\",{\"I\":{\"jitterBufferFlushes\":3},\"t\":4},4000]");

        // When
        Features features = extractor.extract(dump);

        // Then
        Map<String, Object> video = features.tracks().get(0);
        assertThat(video)
                .containsEntry("kind", "video")
                .containsEntry("commonWidth", 640L)
                .containsEntry("commonHeight", 360L)
                .containsEntry("maxWidth", 1280L)
                .containsEntry("minHeight", 360L)
                .containsEntry("frameCount", 100L)
                .containsEntry("averageEncodeTime", 0.005)
                .containsEntry("bandwidthQualityLimitationPercentage", 0.125)
                .containsEntry("cpuQualityLimitationPercentage", 0.375)
                .containsEntry("otherQualityLimitationPercentage", 0.0);
        assertThat(features.tracks().get(1))
                .containsEntry("hasPeriodicJitterBufferFlushes", true)
                .doesNotContainKey("timeToFirstFrame");
    }

    @Test
    void shouldKeepTrackStatsWhenReplaceTrackSwapsTheSource() {
        // Given
        ParsedDump dump = TestDumps.read(
                "[32,\"PC_0\",[\"video\"],1000]",
                "[51,\"PC_0\",[null,[\"video\",\"v1\",\"cam\"]],\"s1\",10]",
                "[\"g\",\"PC_0\",{\"O\":{\"type\":\"outbound-rtp\",\"mediaSourceId\":\"M\",\"framesEncoded\":5},"
                        + "\"M\":{\"type\":\"media-source\",\"trackIdentifier\":\"v1\"},\"t\":1},100]",
                "[51,\"PC_0\",[[\"video\",\"v1\",\"cam\"],[\"video\",\"v2\",\"screen\"]],\"s1\",10]",
                "[\"g\",\"PC_0\",{\"O\":{\"framesEncoded\":9},\"M\":{\"trackIdentifier\":\"v2\"},\"t\":2},100]");

        // When
        Features features = extractor.extract(dump);

        // Then
        assertThat(features.tracks()).extracting(t -> t.get("trackIdentifier")).containsExactly("v1", "v2");
        assertThat(features.tracks().get(0)).containsEntry("frameCount", 9L).containsEntry("duration", 210L);
        assertThat(features.tracks().get(1)).containsEntry("duration", 0L).doesNotContainKey("frameCount");
    }
}
