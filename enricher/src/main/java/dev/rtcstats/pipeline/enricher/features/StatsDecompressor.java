package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a full getStats report from the client's delta against the previous full report of the same
 * PeerConnection: property names and report types are restored from the static wire tables, {@code t} fills the
 * report timestamps, {@code null} removes a report, nested objects are merged and arrays replaced.
 * Report ids stay in their compressed form ("0", "1", ...), as in the reference reader. The client's parsed delta
 * is owned by the result from then on: its nodes are reused rather than copied.
 */
final class StatsDecompressor {
    private static final String TIMESTAMP_KEY = "t";
    // Property names by wire id, starting at id 4; "-" marks ids that are not assigned.
    private static final String[] PROPERTIES_FROM_4 = """
            payloadType transportId mimeType clockRate channels sdpFmtpLine ssrc kind codecId -
            packetsReceived packetsLost jitter trackIdentifier mid remoteId framesDecoded keyFramesDecoded framesDropped
            frameWidth frameHeight framesPerSecond qpSum totalDecodeTime totalInterFrameDelay
            totalSquaredInterFrameDelay pauseCount totalPausesDuration freezeCount totalFreezesDuration
            lastPacketReceivedTimestamp headerBytesReceived packetsDiscarded fecPacketsReceived fecPacketsDiscarded
            fecBytesReceived fecSsrc bytesReceived nackCount firCount pliCount totalProcessingDelay
            estimatedPlayoutTimestamp jitterBufferDelay jitterBufferTargetDelay jitterBufferEmittedCount
            jitterBufferMinimumDelay totalSamplesReceived concealedSamples silentConcealedSamples concealmentEvents
            insertedSamplesForDeceleration removedSamplesForAcceleration audioLevel totalAudioEnergy
            totalSamplesDuration framesReceived decoderImplementation playoutId powerEfficientDecoder
            framesAssembledFromMultiplePackets totalAssemblyTime contentType googTimingFrameInfo
            retransmittedPacketsReceived retransmittedBytesReceived rtxSsrc totalCorruptionProbability
            totalSquaredCorruptionProbability corruptionMeasurements localId roundTripTime totalRoundTripTime
            fractionLost roundTripTimeMeasurements packetsSent bytesSent mediaSourceId rid encodingIndex
            headerBytesSent retransmittedPacketsSent retransmittedBytesSent targetBitrate totalEncodedBytesTarget
            framesSent hugeFramesSent framesEncoded keyFramesEncoded totalEncodeTime totalPacketSendDelay
            qualityLimitationReason qualityLimitationDurations qualityLimitationResolutionChanges
            encoderImplementation powerEfficientEncoder active scalabilityMode remoteTimestamp reportsSent
            echoReturnLoss echoReturnLossEnhancement width height frames synthesizedSamplesDuration
            synthesizedSamplesEvents totalPlayoutDelay totalSamplesCount dataChannelsOpened dataChannelsClosed
            label protocol dataChannelIdentifier state messagesSent messagesReceived iceRole
            iceLocalUsernameFragment dtlsState iceState selectedCandidatePairId localCertificateId
            remoteCertificateId tlsVersion dtlsCipher dtlsRole srtpCipher selectedCandidatePairChanges
            rtcpTransportStatsId address port candidateType priority url relayProtocol foundation relatedAddress
            relatedPort usernameFragment tcpType networkType - - localCandidateId remoteCandidateId nominated
            lastPacketSentTimestamp currentRoundTripTime availableOutgoingBitrate availableIncomingBitrate
            requestsReceived requestsSent responsesReceived responsesSent consentRequestsSent
            packetsDiscardedOnSend bytesDiscardedOnSend - fingerprint fingerprintAlgorithm base64Certificate
            issuerCertificateId psnrMeasurements psnrSum packetsReceivedWithEct1 packetsReceivedWithCe
            packetsReportedAsLost packetsReportedAsLostButRecovered packetsWithBleachedEct1Marking
            packetsSentWithEct1 ccfbMessagesSent ccfbMessagesReceived
            """.strip().split("\\s+");
    private static final int FIRST_PROPERTY_ID = 4;
    private static final List<String> TYPES = List.of(
            "inbound-rtp",
            "outbound-rtp",
            "remote-inbound-rtp",
            "remote-outbound-rtp",
            "transport",
            "candidate-pair",
            "local-candidate",
            "remote-candidate",
            "data-channel",
            "peer-connection",
            "certificate",
            "media-source",
            "media-playout",
            "codec");

    private StatsDecompressor() {}

    /** The property name for a wire key; unknown keys are returned unchanged. */
    static String propertyName(String key) {
        if (key.equals(TIMESTAMP_KEY)) {
            return "timestamp";
        }
        Integer id = parseId(key);
        if (id == null || id < FIRST_PROPERTY_ID || id - FIRST_PROPERTY_ID >= PROPERTIES_FROM_4.length) {
            return key;
        }
        String name = PROPERTIES_FROM_4[id - FIRST_PROPERTY_ID];
        return name.equals("-") ? key : name;
    }

    /** The stats type for a wire type value (1 = inbound-rtp ... 14 = codec); unknown values keep their text. */
    static JsonNode typeName(JsonNode type) {
        Integer id = parseId(JsonSemantics.propertyKey(type));
        if (id == null || id < 1 || id > TYPES.size()) {
            return type;
        }
        return TextNode.valueOf(TYPES.get(id - 1));
    }

    /** The full report for {@code delta} applied to {@code base} (null for the first poll), without budgets. */
    static ObjectNode decompress(ObjectNode base, JsonNode delta) {
        return decompress(base, delta, ExtractionBudget.unlimited());
    }

    /**
     * The full report for {@code delta} applied to {@code base} (null for the first poll), or null when the budget
     * refuses the poll. Neither argument is modified. Reports the delta does not mention are carried forward
     * without copying: they share the previous poll's node, or a read-only view of it with the new timestamp, so a
     * poll costs memory for what changed only. Nothing reachable from a result is modified afterwards.
     */
    static ObjectNode decompress(ObjectNode base, JsonNode delta, ExtractionBudget budget) {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        JsonNode timestamp = null;
        Set<String> removed = new HashSet<>();
        if (delta != null && delta.isObject()) {
            if (!budget.admitsReports(delta.size() - (delta.has(TIMESTAMP_KEY) ? 1 : 0))) {
                return null;
            }
            for (Map.Entry<String, JsonNode> entry : delta.properties()) {
                String id = entry.getKey();
                JsonNode report = entry.getValue();
                if (id.equals(TIMESTAMP_KEY)) {
                    timestamp = report;
                } else if (report.isNull()) {
                    removed.add(id);
                } else if (report.isObject() && (base != null && base.get(id) != null || budget.admitsNewStatsId())) {
                    reports.put(id, report);
                }
            }
        }
        if (!budget.spendStatsValues(cost(base, reports))) {
            return null;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        reports.forEach((id, report) -> result.set(id, expandNames((ObjectNode) report)));
        if (base != null) {
            mergeBase(base, result, removed, timestamp);
        }
        if (timestamp != null) {
            for (JsonNode report : result) {
                if (!report.has("timestamp")) {
                    ((ObjectNode) report).set("timestamp", timestamp);
                }
            }
        }
        return inJavaScriptKeyOrder(result);
    }

    /** Values this poll materialises: every property of a changed report, one per report carried forward. */
    private static long cost(ObjectNode base, Map<String, JsonNode> reports) {
        long cost = 1;
        for (Map.Entry<String, JsonNode> report : reports.entrySet()) {
            JsonNode previous = base == null ? null : base.get(report.getKey());
            cost += report.getValue().size() + (previous == null ? 0 : previous.size());
        }
        return cost + (base == null ? 0 : base.size());
    }

    private static void mergeBase(ObjectNode base, ObjectNode result, Set<String> removed, JsonNode timestamp) {
        for (Map.Entry<String, JsonNode> entry : base.properties()) {
            String id = entry.getKey();
            if (removed.contains(id) || !entry.getValue().isObject()) {
                continue;
            }
            ObjectNode previous = (ObjectNode) entry.getValue();
            ObjectNode update = (ObjectNode) result.get(id);
            if (update == null) {
                result.set(id, timestamp == null ? previous : CarriedReport.of(previous, timestamp));
                continue;
            }
            boolean ownTimestamp = update.has("timestamp");
            for (Map.Entry<String, JsonNode> property : previous.properties()) {
                JsonNode current = update.get(property.getKey());
                if (current == null) {
                    update.set(property.getKey(), property.getValue());
                } else if (property.getValue().isObject() && current.isObject()) {
                    ObjectNode merged = JsonNodeFactory.instance.objectNode();
                    merged.setAll((ObjectNode) property.getValue());
                    merged.setAll((ObjectNode) current);
                    update.set(property.getKey(), merged);
                }
            }
            if (timestamp != null && !ownTimestamp) {
                update.set("timestamp", timestamp);
            }
        }
    }

    private static ObjectNode expandNames(ObjectNode report) {
        ObjectNode expanded = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> property : report.properties()) {
            String name = propertyName(property.getKey());
            JsonNode value = property.getValue();
            expanded.set(name, name.equals("type") ? typeName(value) : value);
        }
        return expanded;
    }

    // JavaScript objects list integer-like keys first, in ascending order; feature "first report of type X"
    // lookups depend on that order, so the decoded report reproduces it.
    private static ObjectNode inJavaScriptKeyOrder(ObjectNode report) {
        List<String> keys = new ArrayList<>();
        report.fieldNames().forEachRemaining(keys::add);
        List<String> ordered = new ArrayList<>(keys.stream()
                .filter(k -> parseId(k) != null)
                .sorted(Comparator.comparingInt(StatsDecompressor::parseId))
                .toList());
        keys.stream().filter(k -> parseId(k) == null).forEach(ordered::add);
        if (ordered.equals(keys)) {
            return report;
        }
        ObjectNode sorted = JsonNodeFactory.instance.objectNode();
        ordered.forEach(key -> sorted.set(key, report.get(key)));
        return sorted;
    }

    private static Integer parseId(String key) {
        if (key.isEmpty() || key.length() > 9 || (key.length() > 1 && key.charAt(0) == '0')) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(key);
    }
}
