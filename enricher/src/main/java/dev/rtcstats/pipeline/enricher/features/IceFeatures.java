package dev.rtcstats.pipeline.enricher.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** ICE features of one PeerConnection trace: gathering times, connection, restarts and ICE lite. */
final class IceFeatures {
    private static final Map<String, String> TURN_GATHERING_FEATURES =
            Map.of("udp", "gatheringTimeTurnUdp", "tcp", "gatheringTimeTurnTcp", "tls", "gatheringTimeTurnTls");

    private IceFeatures() {}

    static void putIce(List<Event> trace, FeatureRow row) {
        Map<String, Long> gatheringTimes = new LinkedHashMap<>();
        long gatheringStart = 0;
        for (Event event : trace) {
            if (event.is("onicegatheringstatechange")) {
                String state = JsonSemantics.text(event.value());
                if ("gathering".equals(state)) {
                    gatheringStart = event.timestamp();
                    continue;
                }
                // Gathering ends once the connection is established, which shows up as 'complete'.
                if ("complete".equals(state)) {
                    break;
                }
            }
            if (gatheringStart == 0 || !event.is("onicecandidate")) {
                continue;
            }
            String relayProtocol = JsonSemantics.text(event.value().get("relayProtocol"));
            String feature = relayProtocol == null ? null : TURN_GATHERING_FEATURES.get(relayProtocol);
            if (feature != null) {
                gatheringTimes.putIfAbsent(feature, event.timestamp() - gatheringStart);
            }
        }
        gatheringTimes.forEach(row::put);
        row.put("iceConnected", TraceQueries.hasState(trace, "oniceconnectionstatechange", "connected"));
        row.put(
                "iceConnectionTime",
                TraceQueries.stateTransitionTime(trace, "oniceconnectionstatechange", "checking", "connected"));
        Predicate<Event> iceRestartOffer = e -> e.is("createOffer")
                && e.value().path("iceRestart").isBoolean()
                && e.value().path("iceRestart").booleanValue();
        row.put("iceRestart", trace.stream().anyMatch(iceRestartOffer));
        row.put(
                "iceRestartFollowedBySetRemoteDescription",
                iceRestartFollowedBySetRemoteDescription(trace, iceRestartOffer));
        row.put(
                "usingIceLite",
                trace.stream()
                        .anyMatch(e -> e.is("setRemoteDescription")
                                && JsonSemantics.truthy(e.value().get("sdp"))
                                && SessionDescriptions.hasLine(
                                        e.value().get("sdp").asText(), "a=ice-lite")));
    }

    private static boolean iceRestartFollowedBySetRemoteDescription(List<Event> trace, Predicate<Event> restart) {
        // Like the reference, a trace without an ICE restart starts the search past its end.
        int offer = TraceQueries.indexOf(trace, 0, restart);
        int local = offer < 0
                ? -1
                : TraceQueries.indexOf(
                        trace,
                        offer,
                        e -> e.is("setLocalDescription")
                                && "offer".equals(JsonSemantics.text(e.value().get("type"))));
        return local >= 0
                && TraceQueries.indexOf(
                                trace,
                                local,
                                e -> e.is("setRemoteDescription")
                                        && "answer"
                                                .equals(JsonSemantics.text(
                                                        e.value().get("type"))))
                        >= 0;
    }
}
