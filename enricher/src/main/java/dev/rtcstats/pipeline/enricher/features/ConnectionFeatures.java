package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Features of one PeerConnection trace: signaling, ICE, DTLS, configuration, candidates and transport stats. */
final class ConnectionFeatures {
    private static final Map<String, String> TURN_GATHERING_FEATURES =
            Map.of("udp", "gatheringTimeTurnUdp", "tcp", "gatheringTimeTurnTcp", "tls", "gatheringTimeTurnTls");
    // chrome://webrtc-internals keeps at most this many samples per stats id.
    private static final int INTERNALS_SAMPLE_LIMIT = 1000;
    private static final long TRUNCATION_MIN_AGE_MS = 60_000;

    private ConnectionFeatures() {}

    /** The features of a non-empty PeerConnection trace. */
    static Map<String, Object> extract(String connectionId, List<Event> trace) {
        FeatureRow row = new FeatureRow(FeatureCatalog.CONNECTION);
        row.put("connectionIdentifier", connectionId);
        row.put("addIceCandidateFailure", firstValue(trace, "addIceCandidateOnFailure"));
        row.put("setLocalDescriptionFailure", firstValue(trace, "setLocalDescriptionOnFailure"));
        row.put("setRemoteDescriptionFailure", firstValue(trace, "setRemoteDescriptionOnFailure"));
        putConnectionState(trace, row);
        row.put("closed", trace.getLast().is("close"));
        row.put("duration", trace.getLast().timestamp() - trace.getFirst().timestamp());
        putIce(trace, row);
        putConfiguration(trace, row);
        putCandidates(trace, row);
        putTransportAverages(trace, row);
        putLocations(trace, row);
        row.put("numberOfEvents", trace.size());
        row.put(
                "numberOfEventsNotGetStats",
                trace.stream().filter(e -> !e.is("getStats")).count());
        putNegotiation(trace, row);
        row.put("startTime", trace.getFirst().timestamp());
        row.put("statsTruncated", statsTruncated(trace));
        return row.toMap();
    }

    private static JsonNode firstValue(List<Event> trace, String type) {
        return trace.stream()
                .filter(e -> e.is(type))
                .findFirst()
                .map(Event::value)
                .orElse(null);
    }

    private static boolean hasState(List<Event> trace, String type, String state) {
        return trace.stream().anyMatch(e -> e.is(type) && state.equals(JsonSemantics.text(e.value())));
    }

    /** Time from the first {@code from} state to the next {@code to} state of the same event type. */
    private static Long stateTransitionTime(List<Event> trace, String type, String from, String to) {
        int first = indexOf(trace, 0, e -> e.is(type) && from.equals(JsonSemantics.text(e.value())));
        if (first < 0) {
            return null;
        }
        int second = indexOf(trace, first + 1, e -> e.is(type) && to.equals(JsonSemantics.text(e.value())));
        return second < 0
                ? null
                : trace.get(second).timestamp() - trace.get(first).timestamp();
    }

    private static int indexOf(List<Event> trace, int from, Predicate<Event> test) {
        for (int i = Math.max(0, from); i < trace.size(); i++) {
            if (test.test(trace.get(i))) {
                return i;
            }
        }
        return -1;
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
        row.put("connected", hasState(trace, "onconnectionstatechange", "connected"));
        row.put("connectionTime", stateTransitionTime(trace, "onconnectionstatechange", "connecting", "connected"));
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

    private static void putIce(List<Event> trace, FeatureRow row) {
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
        row.put("iceConnected", hasState(trace, "oniceconnectionstatechange", "connected"));
        row.put("iceConnectionTime", stateTransitionTime(trace, "oniceconnectionstatechange", "checking", "connected"));
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
        int offer = indexOf(trace, 0, restart);
        int local = offer < 0
                ? -1
                : indexOf(
                        trace,
                        offer,
                        e -> e.is("setLocalDescription")
                                && "offer".equals(JsonSemantics.text(e.value().get("type"))));
        return local >= 0
                && indexOf(
                                trace,
                                local,
                                e -> e.is("setRemoteDescription")
                                        && "answer"
                                                .equals(JsonSemantics.text(
                                                        e.value().get("type"))))
                        >= 0;
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

    private static IceCandidate candidateOf(Event event) {
        return IceCandidate.parse(JsonSemantics.text(event.value().get("candidate")));
    }

    private static boolean anyCandidate(List<Event> trace, String type, Predicate<IceCandidate> test) {
        return trace.stream()
                .filter(e -> e.is(type))
                .map(ConnectionFeatures::candidateOf)
                .anyMatch(c -> c != null && test.test(c));
    }

    private static void putCandidates(List<Event> trace, FeatureRow row) {
        Predicate<IceCandidate> passiveTcp = c -> "passive".equals(c.tcpType());
        boolean connectableIceTcp = anyCandidate(trace, "addIceCandidate", passiveTcp)
                || trace.stream()
                        .filter(e -> e.is("setRemoteDescription"))
                        .map(e -> JsonSemantics.text(e.value().get("sdp")))
                        .filter(Objects::nonNull)
                        .flatMap(sdp -> SessionDescriptions.lines(sdp).stream())
                        .filter(line -> line.startsWith("a=candidate:"))
                        .map(IceCandidate::parse)
                        .anyMatch(c -> c != null && passiveTcp.test(c));
        row.put("addedConnectableIceTcpCandidate", connectableIceTcp);
        row.put("addedHostCandidate", anyCandidate(trace, "addIceCandidate", c -> c.isType("host")));
        row.put("addedMdnsCandidate", anyCandidate(trace, "addIceCandidate", IceCandidate::isMdns));
        row.put(
                "addedNullCandidate",
                trace.stream()
                        .anyMatch(e -> e.is("addIceCandidate") && e.value().isNull()));
        row.put("addedSrflxCandidate", anyCandidate(trace, "addIceCandidate", c -> c.isType("srflx")));
        row.put("addedTurnCandidate", anyCandidate(trace, "addIceCandidate", c -> c.isType("relay")));
        row.put("gatheredHostCandidate", anyCandidate(trace, "onicecandidate", c -> c.isType("host")));
        row.put("gatheredMdnsCandidate", anyCandidate(trace, "onicecandidate", IceCandidate::isMdns));
        row.put("gatheredSrflxCandidate", anyCandidate(trace, "onicecandidate", c -> c.isType("srflx")));
        row.put("gatheredTurnCandidate", anyCandidate(trace, "onicecandidate", c -> c.isType("relay")));
        putFirstCandidatePair(trace, row);
    }

    private static void putFirstCandidatePair(List<Event> trace, FeatureRow row) {
        int connected = indexOf(
                trace, 0, e -> e.is("onconnectionstatechange") && "connected".equals(JsonSemantics.text(e.value())));
        if (connected < 0) {
            return;
        }
        for (Event event : trace.subList(connected, trace.size())) {
            Optional<StatsReport> report = StatsReport.of(event);
            Optional<JsonNode> pair = report.flatMap(StatsReport::selectedCandidatePair);
            if (pair.isEmpty()) {
                continue;
            }
            JsonNode local = report.get().get(pair.get().get("localCandidateId"));
            JsonNode remote = report.get().get(pair.get().get("remoteCandidateId"));
            row.put("firstCandidatePairLocalAddress", local.get("address"));
            row.put("firstCandidatePairLocalNetworkType", local.get("networkType"));
            row.put("firstCandidatePairLocalProtocol", local.get("protocol"));
            row.put("firstCandidatePairLocalRelayProtocol", local.get("relayProtocol"));
            row.put("firstCandidatePairLocalRelayUrl", local.get("url"));
            row.put("firstCandidatePairLocalType", local.get("candidateType"));
            // JavaScript's >> works on the int32 value, and undefined >> 24 is 0.
            Double priority = JsonSemantics.number(local.get("priority"));
            row.put("firstCandidatePairLocalTypePreference", priority == null ? 0 : ((int) priority.longValue()) >> 24);
            row.put("firstCandidatePairRemoteAddress", remote.get("address"));
            row.put("firstCandidatePairRemoteType", remote.get("candidateType"));
            return;
        }
    }

    private static double numberOr(JsonNode stats, String property, double fallback) {
        Double value = JsonSemantics.number(stats.get(property));
        return value == null ? fallback : value;
    }

    private static void putTransportAverages(List<Event> trace, FeatureRow row) {
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

    private static void putLocations(List<Event> trace, FeatureRow row) {
        List<Event> local = new ArrayList<>();
        List<Event> remote = new ArrayList<>();
        StatsReport stats = null;
        for (Event event : trace) {
            if (event.is("getStats")) {
                stats = StatsReport.of(event).orElse(null);
                break;
            }
            if (!(event.is("onicecandidate") || event.is("addIceCandidate"))
                    || event.extra().isEmpty()) {
                continue;
            }
            (event.is("onicecandidate") ? local : remote).add(event);
            if (event.is("onicecandidate")) {
                putLocation(event.firstExtra().path("rtcstatsLocation"), "rtcstatsRelayLocation", row);
            }
        }
        Optional<JsonNode> pair = stats == null ? Optional.empty() : stats.selectedCandidatePair();
        if (pair.isEmpty()) {
            return;
        }
        putMatchingLocation(local, stats.get(pair.get().get("localCandidateId")), "rtcstatsLocation", row);
        putMatchingLocation(remote, stats.get(pair.get().get("remoteCandidateId")), "rtcstatsPeerLocation", row);
    }

    private static void putMatchingLocation(
            List<Event> events, JsonNode candidateStats, String prefix, FeatureRow row) {
        String address = JsonSemantics.text(candidateStats.get("address"));
        if (address == null || address.isEmpty()) {
            return;
        }
        for (Event event : events) {
            IceCandidate candidate = candidateOf(event);
            JsonNode location = event.firstExtra().path("rtcstatsLocation");
            if (candidate != null && address.equals(candidate.address()) && location.isObject()) {
                putLocation(location, prefix, row);
                return;
            }
        }
    }

    private static void putLocation(JsonNode location, String prefix, FeatureRow row) {
        if (!location.isObject()) {
            return;
        }
        row.put(prefix + "Continent", location.get("continent"));
        row.put(prefix + "Country", location.get("country"));
        row.put(prefix + "City", location.get("city"));
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
        int offer = indexOf(
                trace,
                0,
                e -> e.is("setLocalDescription")
                        && "offer".equals(JsonSemantics.text(e.value().get("type"))));
        int answer = offer < 0
                ? -1
                : indexOf(
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
        int call = indexOf(trace, 0, e -> e.is(method));
        if (call < 0) {
            return;
        }
        JsonNode trackingId = trace.get(call).firstExtra();
        int success = indexOf(
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
