package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Transport features of one PeerConnection trace: STUN round-trip time and average bitrates. */
final class TransportFeatures {
    private TransportFeatures() {}

    private static double numberOr(JsonNode stats, String property, double fallback) {
        Double value = JsonSemantics.number(stats.get(property));
        return value == null ? fallback : value;
    }

    static void putTransportAverages(List<Event> trace, FeatureRow row) {
        Event first = null;
        Event last = null;
        JsonNode firstTransport = null;
        JsonNode lastTransport = null;
        Map<String, JsonNode> selectedPairs = new LinkedHashMap<>();
        for (Event event : trace) {
            Optional<StatsReport> report = StatsReport.of(event);
            Optional<JsonNode> transport = report.flatMap(StatsReport::selectedTransport);
            if (transport.isEmpty()) {
                continue;
            }
            JsonNode pair = report.get().get(transport.get().get("selectedCandidatePairId"));
            if (!pair.isObject()) {
                continue;
            }
            last = event;
            lastTransport = transport.get();
            selectedPairs.put(JsonSemantics.propertyKey(transport.get().get("selectedCandidatePairId")), pair);
            // Byte counters come from the transport: the candidate pair changes after an ICE restart.
            if (first == null
                    && numberOr(lastTransport, "bytesSent", 0) > 0
                    && numberOr(lastTransport, "bytesReceived", 0) > 0) {
                first = event;
                firstTransport = lastTransport;
            }
        }
        if (last == null) {
            return;
        }
        double responses = 0;
        double roundTripTime = 0;
        for (JsonNode pair : selectedPairs.values()) {
            responses += numberOr(pair, "responsesReceived", 0);
            roundTripTime += numberOr(pair, "totalRoundTripTime", 0);
        }
        row.put("averageStunRoundTripTime", responses == 0 ? null : roundTripTime / responses);
        if (first != null && first.timestamp() < last.timestamp()) {
            double seconds = (last.timestamp() - first.timestamp()) / 1000.0;
            row.put(
                    "averageOutboundBitrate",
                    (numberOr(lastTransport, "bytesSent", Double.NaN)
                                    - numberOr(firstTransport, "bytesSent", Double.NaN))
                            * 8
                            / seconds);
            row.put(
                    "averageInboundBitrate",
                    (numberOr(lastTransport, "bytesReceived", Double.NaN)
                                    - numberOr(firstTransport, "bytesReceived", Double.NaN))
                            * 8
                            / seconds);
        }
    }
}
