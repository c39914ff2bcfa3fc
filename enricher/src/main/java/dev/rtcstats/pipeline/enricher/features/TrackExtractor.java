package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the tracks of a PeerConnection trace (addTrack, addTransceiver with a track, replaceTrack, ontrack, and the
 * {@code transceiverAdded}/{@code transceiverModified} events of Chrome's own webrtc-internals dumps) and associates
 * each with its RTP stats id from the getStats reports, so the association survives replaceTrack.
 */
final class TrackExtractor {
    private TrackExtractor() {}

    /** Tracks in order of appearance. */
    static List<TrackInfo> extract(List<Event> trace) {
        List<FoundTrack> tracks = new ArrayList<>();
        for (Event event : trace) {
            JsonNode value = event.value();
            switch (event.type()) {
                case "addTrack" -> add(tracks, value, TrackInfo.Direction.OUTBOUND, event, false);
                case "ontrack" -> add(tracks, value, TrackInfo.Direction.INBOUND, event, true);
                // addTransceiver(kind) carries no track id; such tracks show up via replaceTrack.
                case "addTransceiver" -> add(tracks, value.path(0), TrackInfo.Direction.OUTBOUND, event, false);
                case "replaceTrack" -> add(tracks, value.path(1), TrackInfo.Direction.OUTBOUND, event, true);
                case "transceiverAdded" -> transceiverAdded(tracks, value, event);
                case "transceiverModified" -> transceiverModified(tracks, value, event);
                case "getStats" -> StatsReport.of(event).ifPresent(report -> associate(tracks, report));
                default -> {}
            }
        }
        return tracks.stream().map(FoundTrack::toInfo).toList();
    }

    private static void add(
            List<FoundTrack> tracks, JsonNode serialized, TrackInfo.Direction direction, Event event, boolean unique) {
        // Serialised as [kind, id, label, ...streamIds] (protocol 5) or [kind, id, ...streamIds] (protocol 4).
        if (!serialized.isArray() || serialized.size() < 2 || !serialized.get(1).isTextual()) {
            return;
        }
        String id = serialized.get(1).textValue();
        // ontrack fires once per stream; replaceTrack may put back an already known track.
        boolean known = tracks.stream()
                .anyMatch(t -> Objects.equals(t.id, id)
                        && (direction == TrackInfo.Direction.OUTBOUND || t.direction == direction));
        if (unique && known) {
            return;
        }
        tracks.add(new FoundTrack(serialized.get(0).asText(), id, direction, event.timestamp()));
    }

    // Chrome's webrtc-internals writer describes transceivers instead of tracks: {reason, kind, sender: {track},
    // receiver: {track}, currentDirection}. A description without the sender or receiver it needs is skipped.
    private static void transceiverAdded(List<FoundTrack> tracks, JsonNode transceiver, Event event) {
        String reason = JsonSemantics.text(transceiver.get("reason"));
        if ("addTrack".equals(reason) || "addTransceiver".equals(reason)) {
            JsonNode sender = transceiver.get("sender");
            if (sender != null && sender.isObject()) {
                tracks.add(transceiverTrack(transceiver, sender, TrackInfo.Direction.OUTBOUND, event));
            }
        } else if ("setRemoteDescription".equals(reason)) {
            addReceiverOnce(tracks, transceiver, event);
        }
    }

    // Without ontrack (older Chrome), a locally created transceiver shows its remote track once it receives.
    private static void transceiverModified(List<FoundTrack> tracks, JsonNode transceiver, Event event) {
        JsonNode direction = transceiver.path("currentDirection");
        boolean receives = direction.isTextual()
                ? direction.textValue().contains("recv")
                : direction.isArray() && direction.valueStream().anyMatch(d -> "recv".equals(d.textValue()));
        if (receives && JsonSemantics.truthy(transceiver.path("receiver").get("track"))) {
            addReceiverOnce(tracks, transceiver, event);
        }
    }

    private static void addReceiverOnce(List<FoundTrack> tracks, JsonNode transceiver, Event event) {
        JsonNode receiver = transceiver.get("receiver");
        if (receiver == null || !receiver.isObject()) {
            return;
        }
        FoundTrack track = transceiverTrack(transceiver, receiver, TrackInfo.Direction.INBOUND, event);
        if (tracks.stream().noneMatch(t -> Objects.equals(t.id, track.id))) {
            tracks.add(track);
        }
    }

    private static FoundTrack transceiverTrack(
            JsonNode transceiver, JsonNode endpoint, TrackInfo.Direction direction, Event event) {
        return new FoundTrack(
                JsonSemantics.text(transceiver.get("kind")),
                JsonSemantics.text(endpoint.get("track")),
                direction,
                event.timestamp());
    }

    private static void associate(List<FoundTrack> tracks, StatsReport report) {
        for (Map.Entry<String, JsonNode> entry : report.reports().properties()) {
            JsonNode stats = entry.getValue();
            String type = JsonSemantics.text(stats.get("type"));
            if (!"inbound-rtp".equals(type) && !"outbound-rtp".equals(type)) {
                continue;
            }
            String trackIdentifier = "inbound-rtp".equals(type)
                    ? JsonSemantics.text(stats.get("trackIdentifier"))
                    : JsonSemantics.text(report.get(stats.get("mediaSourceId")).get("trackIdentifier"));
            tracks.stream()
                    .filter(t -> t.statsId != null
                            ? t.statsId.equals(entry.getKey())
                            : trackIdentifier != null && trackIdentifier.equals(t.id))
                    .findFirst()
                    .ifPresent(t -> t.statsId = entry.getKey());
        }
    }

    /** Mutable while the trace is scanned: the stats id is learned from later getStats events. */
    private static final class FoundTrack {
        private final String kind;
        private final String id;
        private final TrackInfo.Direction direction;
        private final long startTime;
        private String statsId;

        FoundTrack(String kind, String id, TrackInfo.Direction direction, long startTime) {
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
