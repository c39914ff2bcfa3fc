package dev.rtcstats.pipeline.enricher.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every feature name the extractor can emit, per output row kind, with its {@link FeatureType}. Column names follow
 * the reference's fromCamel rule ({@link dev.rtcstats.pipeline.common.ColumnNames#snakeCase}); infra/clickhouse/002_features.sql and
 * 003_features_metadata.sql must have one column each.
 */
public final class FeatureCatalog {
    /** Features of the server-side metadata line, stored in {@code features_metadata}. */
    public static final Map<String, FeatureType> METADATA = parse("""
            startTime TIME
            url STRING
            origin STRING
            userAgent STRING
            clientProtocol STRING
            fileFormat INT
            numberPeerconnections INT
            locationContinent STRING
            locationCountry STRING
            locationCity STRING
            """);

    /**
     * Features of the client-level trace (one row per dump). {@code deviceMemory} is a FLOAT because browsers report
     * fractions (0.25, 0.5) for small devices.
     */
    public static final Map<String, FeatureType> CLIENT = parse("""
            hardwareConcurrency INT
            deviceMemory FLOAT
            cpuPerformance INT
            userAgentData JSON
            screen JSON
            window JSON
            reloadCount INT
            duration INT
            operatingSystem STRING
            enumerateDevicesCount INT
            calledGetDisplayMedia BOOL
            calledGetDisplayMediaAudio BOOL
            calledGetDisplayMediaVideo BOOL
            getDisplayMediaErrorCount INT
            getDisplayMediaSuccessCount INT
            audioDeviceUsbId STRING
            calledGetUserMedia BOOL
            calledGetUserMediaAudio BOOL
            calledGetUserMediaCombined BOOL
            calledGetUserMediaVideo BOOL
            getUserMediaError STRING
            getUserMediaErrorCount INT
            getUserMediaSuccessCount INT
            videoDeviceUsbId STRING
            startTime TIME
            audioEnded BOOL
            videoEnded BOOL
            audioShortDuration BOOL
            videoShortDuration BOOL
            webSocketConnectionTime INT
            """);

    /** Features of one PeerConnection trace; {@code connectionIdentifier} is the PC id. */
    public static final Map<String, FeatureType> CONNECTION = parse("""
            connectionIdentifier STRING
            addIceCandidateFailure STRING
            setLocalDescriptionFailure STRING
            setRemoteDescriptionFailure STRING
            clockSkew INT
            connected BOOL
            connectionTime INT
            dtlsRole STRING
            dtlsVersion STRING
            srtpCipher STRING
            closed BOOL
            duration INT
            gatheringTimeTurnUdp INT
            gatheringTimeTurnTcp INT
            gatheringTimeTurnTls INT
            iceConnected BOOL
            iceConnectionTime INT
            iceRestart BOOL
            iceRestartFollowedBySetRemoteDescription BOOL
            usingIceLite BOOL
            configuredIceServers INT
            configuredIceTransportPolicy BOOL
            configuredIceServersStun BOOL
            configuredIceServersTurns BOOL
            configuredIceServersTurnUdp BOOL
            configuredIceServersTurnTcp BOOL
            configuredAlwaysNegotiateDataChannels BOOL
            configuredBundlePolicy STRING
            addedConnectableIceTcpCandidate BOOL
            addedHostCandidate BOOL
            addedMdnsCandidate BOOL
            addedNullCandidate BOOL
            addedSrflxCandidate BOOL
            addedTurnCandidate BOOL
            gatheredHostCandidate BOOL
            gatheredMdnsCandidate BOOL
            gatheredSrflxCandidate BOOL
            gatheredTurnCandidate BOOL
            firstCandidatePairLocalAddress STRING
            firstCandidatePairLocalNetworkType STRING
            firstCandidatePairLocalProtocol STRING
            firstCandidatePairLocalRelayProtocol STRING
            firstCandidatePairLocalRelayUrl STRING
            firstCandidatePairLocalType STRING
            firstCandidatePairLocalTypePreference INT
            firstCandidatePairRemoteAddress STRING
            firstCandidatePairRemoteType STRING
            averageStunRoundTripTime FLOAT
            averageOutboundBitrate FLOAT
            averageInboundBitrate FLOAT
            rtcstatsRelayLocationContinent STRING
            rtcstatsRelayLocationCountry STRING
            rtcstatsRelayLocationCity STRING
            rtcstatsLocationContinent STRING
            rtcstatsLocationCountry STRING
            rtcstatsLocationCity STRING
            rtcstatsPeerLocationContinent STRING
            rtcstatsPeerLocationCountry STRING
            rtcstatsPeerLocationCity STRING
            numberOfEvents INT
            numberOfEventsNotGetStats INT
            numberOfNegotiations INT
            pendingNegotiationAtEnd BOOL
            setLocalDescriptionDelay INT
            setLocalDescriptionRole STRING
            setRemoteDescriptionDelay INT
            setRemoteDescriptionRole STRING
            signalingDelay INT
            startTime TIME
            statsTruncated BOOL
            """);

    /** Features of one track of a PeerConnection; {@code connectionIdentifier} and {@code trackIdentifier} key it. */
    public static final Map<String, FeatureType> TRACK = parse("""
            connectionIdentifier STRING
            codecMimeType STRING
            codecSdpFmtpLine STRING
            direction STRING
            hasNullVideoDecoder BOOL
            kind STRING
            startTime TIME
            timeToFirstFrame INT
            trackIdentifier STRING
            commonHeight INT
            commonWidth INT
            maxHeight INT
            maxWidth INT
            minHeight INT
            minWidth INT
            hasPeriodicJitterBufferFlushes BOOL
            duration INT
            frameCount INT
            keyFrameCount INT
            qpSum INT
            nackCount INT
            pliCount INT
            firCount INT
            bandwidthQualityLimitationPercentage FLOAT
            cpuQualityLimitationPercentage FLOAT
            otherQualityLimitationPercentage FLOAT
            qualityLimitationResolutionChanges INT
            averageEncodeTime FLOAT
            rid STRING
            encodingIndex INT
            psnrMeasurements INT
            psnrSumY FLOAT
            psnrSumU FLOAT
            psnrSumV FLOAT
            encoderImplementation STRING
            powerEfficientEncoder BOOL
            packetsSentWithEct1 INT
            packetsReceivedWithEct1 INT
            packetsReceivedWithCe INT
            packetsWithBleachedEct1Marking INT
            freezeCount INT
            totalFreezesDuration FLOAT
            framesDropped INT
            decoderImplementation STRING
            powerEfficientDecoder BOOL
            jitterBufferDelay FLOAT
            jitterBufferMinimumDelay FLOAT
            jitterBufferTargetDelay FLOAT
            jitterBufferEmittedCount INT
            jitterBufferFlushes INT
            totalProcessingDelay FLOAT
            framesAssembledFromMultiplePackets INT
            totalAssemblyTime FLOAT
            concealedSamples INT
            totalSamplesReceived INT
            concealmentPercentage FLOAT
            insertedSamplesForDeceleration INT
            removedSamplesForAcceleration INT
            decelerationPercentage FLOAT
            accelerationPercentage FLOAT
            averageDecodeTime FLOAT
            averageInterFrameDelay FLOAT
            averageJitterBufferDelay FLOAT
            averageProcessingDelay FLOAT
            averageAssemblyTime FLOAT
            """);

    private FeatureCatalog() {}

    private static Map<String, FeatureType> parse(String table) {
        Map<String, FeatureType> features = new LinkedHashMap<>();
        table.lines().forEach(line -> {
            String[] parts = line.strip().split(" ");
            features.put(parts[0], FeatureType.valueOf(parts[1]));
        });
        return Collections.unmodifiableMap(features);
    }
}
