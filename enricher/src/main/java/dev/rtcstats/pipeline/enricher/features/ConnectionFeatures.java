package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Features of one PeerConnection trace: signaling, DTLS, configuration and negotiation here; ICE, candidates and
 * transport stats in {@link IceFeatures}, {@link CandidateFeatures} and {@link TransportFeatures}.
 */
final class ConnectionFeatures {
    // chrome://webrtc-internals keeps at most this many samples per stats id.
    private static final int INTERNALS_SAMPLE_LIMIT = 1000;
    private static final long TRUNCATION_MIN_AGE_MS = 60_000;

    private ConnectionFeatures() {}

    /** The features of a non-empty PeerConnection trace. */
    static Map<String, Object> extract(String connectionId, List<Event> trace) {
        FeatureRow row = new FeatureRow(FeatureCatalog.CONNECTION);
        row.put("connectionIdentifier", connectionId);
        row.put("addIceCandidateFailure", TraceQueries.firstValue(trace, "addIceCandidateOnFailure"));
        row.put("setLocalDescriptionFailure", TraceQueries.firstValue(trace, "setLocalDescriptionOnFailure"));
        row.put("setRemoteDescriptionFailure", TraceQueries.firstValue(trace, "setRemoteDescriptionOnFailure"));
        putConnectionState(trace, row);
        row.put("closed", trace.getLast().is("close"));
        row.put("duration", trace.getLast().timestamp() - trace.getFirst().timestamp());
        IceFeatures.putIce(trace, row);
        putConfiguration(trace, row);
        CandidateFeatures.putCandidates(trace, row);
        TransportFeatures.putTransportAverages(trace, row);
        CandidateFeatures.putLocations(trace, row);
        row.put("numberOfEvents", trace.size());
        row.put(
                "numberOfEventsNotGetStats",
                trace.stream().filter(e -> !e.is("getStats")).count());
        putNegotiation(trace, row);
        row.put("startTime", trace.getFirst().timestamp());
        row.put("statsTruncated", statsTruncated(trace));
        return row.toMap();
    }

    private static void putConnectionState(List<Event> trace, FeatureRow row) {
        for (Event event : trace) {
            Optional<StatsReport> report = StatsReport.of(event);
            Optional<JsonNode> peerConnection =
                    report.flatMap(r -> r.first(s -> "peer-connection".equals(JsonSemantics.text(s.get("type")))));
            Double statsTimestamp = peerConnection
                    .map(s -> JsonSemantics.number(s.get("timestamp")))
                    .orElse(null);
            if (statsTimestamp != null) {
                row.put("clockSkew", Math.round(event.timestamp() - statsTimestamp));
                break;
            }
        }
        row.put("connected", TraceQueries.hasState(trace, "onconnectionstatechange", "connected"));
        row.put(
                "connectionTime",
                TraceQueries.stateTransitionTime(trace, "onconnectionstatechange", "connecting", "connected"));
        trace.stream()
                .map(StatsReport::of)
                .flatMap(Optional::stream)
                .map(r -> r.first(s -> "transport".equals(JsonSemantics.text(s.get("type")))
                        && JsonSemantics.truthy(s.get("tlsVersion"))))
                .flatMap(Optional::stream)
                .findFirst()
                .ifPresent(transport -> {
                    row.put("dtlsRole", transport.get("dtlsRole"));
                    row.put("dtlsVersion", transport.get("tlsVersion"));
                    row.put("srtpCipher", transport.get("srtpCipher"));
                });
    }

    private static void putConfiguration(List<Event> trace, FeatureRow row) {
        JsonNode configuration = trace.stream()
                .filter(e -> e.is("create"))
                .findFirst()
                .map(Event::value)
                .orElse(null);
        if (configuration == null || !configuration.isObject()) {
            return;
        }
        JsonNode iceServers = configuration.get("iceServers");
        if (iceServers != null && iceServers.isArray()) {
            row.put("configuredIceServers", iceServers.size());
            row.put(
                    "configuredIceTransportPolicy",
                    "relay".equals(JsonSemantics.text(configuration.get("iceTransportPolicy"))));
            for (JsonNode server : iceServers) {
                JsonNode urls = server.path("urls");
                List<JsonNode> all = urls.isArray() ? urls.valueStream().toList() : List.of(urls);
                all.stream().map(JsonSemantics::text).filter(Objects::nonNull).forEach(url -> putIceServer(url, row));
            }
        }
        row.put("configuredAlwaysNegotiateDataChannels", configuration.get("alwaysNegotiateDataChannels"));
        row.put("configuredBundlePolicy", configuration.get("bundlePolicy"));
    }

    private static void putIceServer(String url, FeatureRow row) {
        if (url.startsWith("stun:")) {
            row.put("configuredIceServersStun", true);
        } else if (url.startsWith("turns:")) {
            row.put("configuredIceServersTurns", true);
        } else if (url.startsWith("turn:") && url.endsWith("?transport=udp")) {
            row.put("configuredIceServersTurnUdp", true);
        } else if (url.startsWith("turn:") && url.endsWith("?transport=tcp")) {
            row.put("configuredIceServersTurnTcp", true);
        }
    }

    private static void putNegotiation(List<Event> trace, FeatureRow row) {
        List<String> states = trace.stream()
                .filter(e -> e.is("onsignalingstatechange"))
                .map(e -> JsonSemantics.text(e.value()))
                .toList();
        row.put("numberOfNegotiations", states.stream().filter("stable"::equals).count());
        List<String> open = states.stream().filter(s -> !"closed".equals(s)).toList();
        row.put("pendingNegotiationAtEnd", open.isEmpty() ? null : !"stable".equals(open.getLast()));
        putDescriptionDelay(trace, "setLocalDescription", row);
        putDescriptionDelay(trace, "setRemoteDescription", row);
        int offer = TraceQueries.indexOf(
                trace,
                0,
                e -> e.is("setLocalDescription")
                        && "offer".equals(JsonSemantics.text(e.value().get("type"))));
        int answer = offer < 0
                ? -1
                : TraceQueries.indexOf(
                        trace,
                        offer + 1,
                        e -> e.is("setRemoteDescription")
                                && "answer".equals(JsonSemantics.text(e.value().get("type"))));
        row.put(
                "signalingDelay",
                answer < 0
                        ? null
                        : trace.get(answer).timestamp() - trace.get(offer).timestamp());
    }

    /** Delay from the first call of {@code method} to its OnSuccess (same tracking id) and the description type. */
    private static void putDescriptionDelay(List<Event> trace, String method, FeatureRow row) {
        int call = TraceQueries.indexOf(trace, 0, e -> e.is(method));
        if (call < 0) {
            return;
        }
        JsonNode trackingId = trace.get(call).firstExtra();
        int success = TraceQueries.indexOf(
                trace,
                call + 1,
                e -> e.is(method + "OnSuccess") && e.firstExtra().equals(trackingId));
        if (success < 0) {
            return;
        }
        row.put(
                method + "Delay",
                trace.get(success).timestamp() - trace.get(call).timestamp());
        row.put(method + "Role", trace.get(call).value().get("type"));
    }

    private static boolean statsTruncated(List<Event> trace) {
        Map<String, Long> firstSeen = new HashMap<>();
        Map<String, Integer> samples = new HashMap<>();
        for (Event event : trace) {
            StatsReport.of(event)
                    .ifPresent(report -> report.reports().fieldNames().forEachRemaining(id -> {
                        firstSeen.putIfAbsent(id, event.timestamp());
                        samples.merge(id, 1, Integer::sum);
                    }));
        }
        long created = trace.getFirst().timestamp();
        return samples.entrySet().stream()
                .anyMatch(entry -> entry.getValue() == INTERNALS_SAMPLE_LIMIT
                        && firstSeen.get(entry.getKey()) - created > TRUNCATION_MIN_AGE_MS);
    }
}
