package dev.rtcstats.pipeline.enricher.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes the rtcstats-features set of a parsed dump. Never throws on odd browser data: a feature whose inputs are
 * missing or of the wrong kind is left out, and a dump without a client {@code create} still gets the client
 * features that do not depend on it.
 */
public final class FeatureExtractor {
    /** The features of one dump. */
    public Features extract(ParsedDump dump) {
        return extract(dump, ExtractionBudget.unlimited());
    }

    /**
     * The features of one dump, checking {@code budget}'s deadline between PeerConnections and tracks; throws
     * {@link ExtractionBudget.OutOfTime} when it passes.
     */
    public Features extract(ParsedDump dump, ExtractionBudget budget) {
        List<Map<String, Object>> connections = new ArrayList<>();
        List<Map<String, Object>> tracks = new ArrayList<>();
        for (String connectionId : dump.peerConnectionIds()) {
            List<Event> trace = dump.connections().get(connectionId);
            if (trace.isEmpty()) {
                continue;
            }
            budget.checkTime();
            connections.add(ConnectionFeatures.extract(connectionId, trace));
            for (TrackInfo track : TrackExtractor.extract(trace)) {
                budget.checkTime();
                tracks.add(TrackFeatures.extract(connectionId, trace, track));
            }
        }
        return new Features(metadata(dump), ClientFeatures.extract(dump.clientEvents()), connections, tracks);
    }

    private static Map<String, Object> metadata(ParsedDump dump) {
        Map<String, Object> source = dump.metadata();
        FeatureRow row = new FeatureRow(FeatureCatalog.METADATA);
        for (String name : List.of("startTime", "url", "origin", "userAgent", "clientProtocol", "fileFormat")) {
            row.put(name, source.get(name));
        }
        row.put("numberPeerconnections", dump.peerConnectionIds().size());
        // Server geolocation of the first remote address: MaxMind records with English names.
        if (source.get("locations") instanceof List<?> locations
                && !locations.isEmpty()
                && locations.getFirst() instanceof Map<?, ?> location) {
            row.put("locationContinent", englishName(location.get("continent")));
            row.put("locationCountry", englishName(location.get("country")));
            row.put("locationCity", englishName(location.get("city")));
        }
        return row.toMap();
    }

    private static Object englishName(Object place) {
        if (place instanceof Map<?, ?> map && map.get("names") instanceof Map<?, ?> names) {
            return names.get("en");
        }
        return null;
    }
}
