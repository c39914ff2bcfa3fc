package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the tracks of a PeerConnection trace (addTrack, addTransceiver with a track, replaceTrack, ontrack, and the
 * {@code transceiverAdded}/{@code transceiverModified} events of Chrome's own webrtc-internals dumps) and associates
 * each with its RTP stats id from the getStats reports, so the association survives replaceTrack. Lookups go through
 * hash indexes, so the scan is linear in the trace and its reports.
 */
final class TrackExtractor {
    private final List<FoundTrack> tracks = new ArrayList<>();
    /** Ids of every track found (null for a transceiver without one). */
    private final Set<String> ids = new HashSet<>();

    private final Set<String> inboundIds = new HashSet<>();
    /** The first track (in order of appearance) associated with each stats id. */
    private final Map<String, FoundTrack> byStatsId = new HashMap<>();
    /** Tracks without a stats id yet, by track id, in order of appearance. */
    private final Map<String, ArrayDeque<FoundTrack>> unassigned = new HashMap<>();

    private TrackExtractor() {}

    /** Tracks in order of appearance. */
    static List<TrackInfo> extract(List<Event> trace) {
        TrackExtractor extractor = new TrackExtractor();
        for (Event event : trace) {
            extractor.accept(event);
        }
        return extractor.tracks.stream().map(FoundTrack::toInfo).toList();
    }

    private void accept(Event event) {
        JsonNode value = event.value();
        switch (event.type()) {
            case "addTrack" -> add(value, TrackInfo.Direction.OUTBOUND, event, false);
            case "ontrack" -> add(value, TrackInfo.Direction.INBOUND, event, true);
            // addTransceiver(kind) carries no track id; such tracks show up via replaceTrack.
            case "addTransceiver" -> add(value.path(0), TrackInfo.Direction.OUTBOUND, event, false);
            case "replaceTrack" -> add(value.path(1), TrackInfo.Direction.OUTBOUND, event, true);
            case "transceiverAdded" -> transceiverAdded(value, event);
            case "transceiverModified" -> transceiverModified(value, event);
            case "getStats" -> StatsReport.of(event).ifPresent(this::associate);
            default -> {}
        }
    }

    private void add(JsonNode serialized, TrackInfo.Direction direction, Event event, boolean unique) {
        // Serialised as [kind, id, label, ...streamIds] (protocol 5) or [kind, id, ...streamIds] (protocol 4).
        if (!serialized.isArray() || serialized.size() < 2 || !serialized.get(1).isTextual()) {
            return;
        }
        String id = serialized.get(1).textValue();
        // ontrack fires once per stream; replaceTrack may put back an already known track.
        boolean known = direction == TrackInfo.Direction.OUTBOUND ? ids.contains(id) : inboundIds.contains(id);
        if (unique && known) {
            return;
        }
        register(new FoundTrack(tracks.size(), serialized.get(0).asText(), id, direction, event.timestamp()));
    }

    // Chrome's webrtc-internals writer describes transceivers instead of tracks: {reason, kind, sender: {track},
    // receiver: {track}, currentDirection}. A description without the sender or receiver it needs is skipped.
    private void transceiverAdded(JsonNode transceiver, Event event) {
        String reason = JsonSemantics.text(transceiver.get("reason"));
        if ("addTrack".equals(reason) || "addTransceiver".equals(reason)) {
            JsonNode sender = transceiver.get("sender");
            if (sender != null && sender.isObject()) {
                register(transceiverTrack(transceiver, sender, TrackInfo.Direction.OUTBOUND, event));
            }
        } else if ("setRemoteDescription".equals(reason)) {
            addReceiverOnce(transceiver, event);
        }
    }

    // Without ontrack (older Chrome), a locally created transceiver shows its remote track once it receives.
    private void transceiverModified(JsonNode transceiver, Event event) {
        JsonNode direction = transceiver.path("currentDirection");
        boolean receives = direction.isTextual()
                ? direction.textValue().contains("recv")
                : direction.isArray() && direction.valueStream().anyMatch(d -> "recv".equals(d.textValue()));
        if (receives && JsonSemantics.truthy(transceiver.path("receiver").get("track"))) {
            addReceiverOnce(transceiver, event);
        }
    }

    private void addReceiverOnce(JsonNode transceiver, Event event) {
        JsonNode receiver = transceiver.get("receiver");
        if (receiver == null || !receiver.isObject()) {
            return;
        }
        FoundTrack track = transceiverTrack(transceiver, receiver, TrackInfo.Direction.INBOUND, event);
        if (!ids.contains(track.id)) {
            register(track);
        }
    }

    private FoundTrack transceiverTrack(
            JsonNode transceiver, JsonNode endpoint, TrackInfo.Direction direction, Event event) {
        return new FoundTrack(
                tracks.size(),
                JsonSemantics.text(transceiver.get("kind")),
                JsonSemantics.text(endpoint.get("track")),
                direction,
                event.timestamp());
    }

    private void register(FoundTrack track) {
        tracks.add(track);
        ids.add(track.id);
        if (track.direction == TrackInfo.Direction.INBOUND) {
            inboundIds.add(track.id);
        }
        unassigned.computeIfAbsent(track.id, key -> new ArrayDeque<>()).addLast(track);
    }

    private void associate(StatsReport report) {
        for (Map.Entry<String, JsonNode> entry : report.reports().properties()) {
            JsonNode stats = entry.getValue();
            String type = JsonSemantics.text(stats.get("type"));
            if (!"inbound-rtp".equals(type) && !"outbound-rtp".equals(type)) {
                continue;
            }
            String trackIdentifier = "inbound-rtp".equals(type)
                    ? JsonSemantics.text(stats.get("trackIdentifier"))
                    : JsonSemantics.text(report.get(stats.get("mediaSourceId")).get("trackIdentifier"));
            associate(entry.getKey(), trackIdentifier);
        }
    }

    /**
     * Gives {@code statsId} to the first track that either already has it or has no stats id yet and the
     * {@code trackIdentifier} as its id.
     */
    private void associate(String statsId, String trackIdentifier) {
        FoundTrack owner = byStatsId.get(statsId);
        ArrayDeque<FoundTrack> waiting = trackIdentifier == null ? null : unassigned.get(trackIdentifier);
        FoundTrack candidate = waiting == null ? null : waiting.peekFirst();
        if (candidate == null || (owner != null && owner.index < candidate.index)) {
            return;
        }
        waiting.removeFirst();
        candidate.statsId = statsId;
        byStatsId.put(statsId, candidate);
    }

    /** Mutable while the trace is scanned: the stats id is learned from later getStats events. */
    private static final class FoundTrack {
        private final int index;
        private final String kind;
        private final String id;
        private final TrackInfo.Direction direction;
        private final long startTime;
        private String statsId;

        FoundTrack(int index, String kind, String id, TrackInfo.Direction direction, long startTime) {
            this.index = index;
            this.kind = kind;
            this.id = id;
            this.direction = direction;
            this.startTime = startTime;
        }

        TrackInfo toInfo() {
            return new TrackInfo(kind, id, direction, startTime, statsId);
        }
    }
}
