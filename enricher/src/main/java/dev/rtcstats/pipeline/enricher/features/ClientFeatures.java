package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Features of the client-level trace: device info from the client {@code create}, getUserMedia and friends. */
final class ClientFeatures {
    private static final String GET_USER_MEDIA = "navigator.mediaDevices.getUserMedia";
    private static final String GET_DISPLAY_MEDIA = "navigator.mediaDevices.getDisplayMedia";
    private static final List<String> CREATE_FIELDS = List.of(
            "hardwareConcurrency",
            "deviceMemory",
            "cpuPerformance",
            "userAgentData",
            "screen",
            "window",
            "reloadCount");
    private static final long SHORT_TRACK_MS = 1000;

    private ClientFeatures() {}

    /** The client features; empty for an empty trace, without the create fields when there is no {@code create}. */
    static Map<String, Object> extract(List<Event> trace) {
        FeatureRow row = new FeatureRow(FeatureCatalog.CLIENT);
        if (trace.isEmpty()) {
            return row.toMap();
        }
        JsonNode create = trace.stream()
                .filter(e -> e.is("create"))
                .findFirst()
                .map(Event::value)
                .orElse(null);
        if (create != null && create.isObject()) {
            // Only the known fields: the reference spreads the whole object, where an unknown key breaks the insert.
            CREATE_FIELDS.forEach(field -> row.put(field, create.get(field)));
            row.put("operatingSystem", create.path("userAgentData").path("platform"));
        }
        row.put("duration", trace.getLast().timestamp() - trace.getFirst().timestamp());
        row.put("enumerateDevicesCount", count(trace, "navigator.mediaDevices.enumerateDevices"));
        row.put("calledGetDisplayMedia", any(trace, GET_DISPLAY_MEDIA, v -> true));
        row.put("calledGetDisplayMediaAudio", any(trace, GET_DISPLAY_MEDIA, v -> JsonSemantics.truthy(v.get("audio"))));
        row.put(
                "calledGetDisplayMediaVideo",
                any(
                        trace,
                        GET_DISPLAY_MEDIA,
                        v -> !(v.path("video").isBoolean() && !v.path("video").booleanValue())));
        row.put("getDisplayMediaErrorCount", count(trace, GET_DISPLAY_MEDIA + "OnFailure"));
        row.put("getDisplayMediaSuccessCount", count(trace, GET_DISPLAY_MEDIA + "OnSuccess"));
        row.put("audioDeviceUsbId", deviceUsbId(trace, "audio"));
        row.put("calledGetUserMedia", any(trace, GET_USER_MEDIA, v -> true));
        row.put("calledGetUserMediaAudio", any(trace, GET_USER_MEDIA, v -> JsonSemantics.truthy(v.get("audio"))));
        row.put(
                "calledGetUserMediaCombined",
                any(
                        trace,
                        GET_USER_MEDIA,
                        v -> JsonSemantics.truthy(v.get("audio")) && JsonSemantics.truthy(v.get("video"))));
        row.put("calledGetUserMediaVideo", any(trace, GET_USER_MEDIA, v -> JsonSemantics.truthy(v.get("video"))));
        row.put(
                "getUserMediaError",
                trace.stream()
                        .filter(e -> e.is(GET_USER_MEDIA + "OnFailure"))
                        .findFirst()
                        .map(Event::value)
                        .orElse(null));
        row.put("getUserMediaErrorCount", count(trace, GET_USER_MEDIA + "OnFailure"));
        row.put("getUserMediaSuccessCount", count(trace, GET_USER_MEDIA + "OnSuccess"));
        row.put("videoDeviceUsbId", deviceUsbId(trace, "video"));
        row.put("startTime", trace.getFirst().timestamp());
        putTrackEndings(trace, row);
        row.put(
                "webSocketConnectionTime",
                trace.stream()
                        .filter(e -> e.is("websocket"))
                        .findFirst()
                        .map(e -> e.value().path("connectionTime"))
                        .orElse(null));
        return row.toMap();
    }

    private static long count(List<Event> trace, String type) {
        return trace.stream().filter(e -> e.is(type)).count();
    }

    private static boolean any(List<Event> trace, String type, Predicate<JsonNode> valueTest) {
        return trace.stream().anyMatch(e -> e.is(type) && valueTest.test(e.value()));
    }

    // USB device labels end with the vendor:product id, e.g. "Logitech BRIO (046d:085e)".
    private static String deviceUsbId(List<Event> trace, String kind) {
        for (Event event : trace) {
            if (!event.is(GET_USER_MEDIA + "OnSuccess") || !event.value().isArray()) {
                continue;
            }
            for (JsonNode track : event.value()) {
                String label = JsonSemantics.truthy(track.get(2)) ? track.get(2).asText() : "";
                if (!kind.equals(JsonSemantics.text(track.get(0))) || !label.endsWith(")")) {
                    continue;
                }
                String usbId = label.substring(Math.max(0, label.length() - 10), label.length() - 1);
                if (usbId.length() > 4 && usbId.charAt(4) == ':') {
                    return usbId;
                }
            }
        }
        return null;
    }

    private record AcquiredTrack(String kind, long start) {}

    private static void putTrackEndings(List<Event> trace, FeatureRow row) {
        Map<String, AcquiredTrack> tracks = new HashMap<>();
        for (Event event : trace) {
            if (event.is(GET_USER_MEDIA + "OnSuccess") && event.value().isArray()) {
                for (JsonNode track : event.value()) {
                    if (track.isArray() && track.size() >= 2) {
                        tracks.put(
                                track.get(1).asText(),
                                new AcquiredTrack(track.get(0).asText(), event.timestamp()));
                    }
                }
            } else if (event.is("MediaStreamTrack.onended") && event.value().isTextual()) {
                AcquiredTrack track = tracks.get(event.value().textValue());
                if (track == null
                        || !(track.kind().equals("audio") || track.kind().equals("video"))) {
                    continue;
                }
                row.put(track.kind() + "Ended", true);
                if (event.timestamp() - track.start() < SHORT_TRACK_MS) {
                    row.put(track.kind() + "ShortDuration", true);
                }
            }
        }
    }
}
