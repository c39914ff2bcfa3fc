package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Candidate features of one PeerConnection trace: candidates added and gathered, the first pair, locations. */
final class CandidateFeatures {
    private CandidateFeatures() {}

    private static IceCandidate candidateOf(Event event) {
        return IceCandidate.parse(JsonSemantics.text(event.value().get("candidate")));
    }

    private static boolean anyCandidate(List<Event> trace, String type, Predicate<IceCandidate> test) {
        return trace.stream()
                .filter(e -> e.is(type))
                .map(CandidateFeatures::candidateOf)
                .anyMatch(c -> c != null && test.test(c));
    }

    static void putCandidates(List<Event> trace, FeatureRow row) {
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
        int connected = TraceQueries.indexOf(
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

    static void putLocations(List<Event> trace, FeatureRow row) {
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
}
