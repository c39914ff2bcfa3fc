package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Features of one track: codec, resolution, and counters and averages from its last RTP stats. */
final class TrackFeatures {
    private static final int PERIODIC_FLUSH_MIN_COUNT = 3;
    // NetEq flushing every four seconds is a known failure; 1 s getStats polling blurs it to [3 s, 5 s].
    private static final long PERIODIC_FLUSH_MIN_MS = 3000;
    private static final long PERIODIC_FLUSH_MAX_MS = 5000;

    private TrackFeatures() {}

    /** The features of {@code track} found in the trace of PeerConnection {@code connectionId}. */
    static Map<String, Object> extract(String connectionId, List<Event> trace, TrackInfo track) {
        FeatureRow row = new FeatureRow(FeatureCatalog.TRACK);
        row.put("connectionIdentifier", connectionId);
        List<Sample> samples = samples(trace, track);
        samples.stream()
                .map(s -> s.report().get(s.stats().get("codecId")))
                .filter(JsonNode::isObject)
                .findFirst()
                .ifPresent(codec -> {
                    row.put("codecMimeType", codec.get("mimeType"));
                    row.put(
                            "codecSdpFmtpLine",
                            JsonSemantics.truthy(codec.get("sdpFmtpLine")) ? codec.get("sdpFmtpLine") : "");
                });
        boolean inbound = track.direction() == TrackInfo.Direction.INBOUND;
        row.put("direction", track.direction().featureValue());
        if (inbound && "video".equals(track.kind())) {
            row.put(
                    "hasNullVideoDecoder",
                    samples.stream()
                            .anyMatch(s -> "NullVideoDecoder"
                                    .equals(JsonSemantics.text(s.stats().get("decoderImplementation")))));
        }
        row.put("kind", track.kind());
        row.put("startTime", track.startTime());
        if (inbound) {
            row.put("timeToFirstFrame", timeToFirstFrame(trace, track));
        }
        row.put("trackIdentifier", track.id());
        if (!"audio".equals(track.kind())) {
            putResolution(samples, row);
        }
        if (inbound && "audio".equals(track.kind())) {
            row.put("hasPeriodicJitterBufferFlushes", periodicJitterBufferFlushes(samples));
        }
        row.put("duration", 0);
        if (!samples.isEmpty()) {
            putLastStats(samples.getLast(), track, row);
        }
        return row.toMap();
    }

    /** One getStats event that carries stats for the track. */
    private record Sample(long timestamp, StatsReport report, JsonNode stats) {}

    private static List<Sample> samples(List<Event> trace, TrackInfo track) {
        List<Sample> samples = new ArrayList<>();
        if (track.statsId() == null) {
            return samples;
        }
        for (Event event : trace) {
            StatsReport.of(event)
                    .filter(r -> r.has(track.statsId()))
                    .filter(r -> JsonSemantics.truthy(r.reports().get(track.statsId())))
                    .ifPresent(r -> samples.add(
                            new Sample(event.timestamp(), r, r.reports().get(track.statsId()))));
        }
        return samples;
    }

    private static Long timeToFirstFrame(List<Event> trace, TrackInfo track) {
        return trace.stream()
                .filter(e -> e.is("MediaStreamTrack.onunmute")
                        && track.id() != null
                        && track.id().equals(JsonSemantics.text(e.value())))
                .findFirst()
                .map(e -> e.timestamp() - track.startTime())
                .filter(delta -> delta >= 0)
                .orElse(null);
    }

    private static void putResolution(List<Sample> samples, FeatureRow row) {
        // Sorted keys reproduce the reference's tie-break: JS lists integer keys in ascending order.
        TreeMap<Long, Integer> widths = new TreeMap<>();
        TreeMap<Long, Integer> heights = new TreeMap<>();
        for (Sample sample : samples) {
            Double width = JsonSemantics.number(sample.stats().get("frameWidth"));
            Double height = JsonSemantics.number(sample.stats().get("frameHeight"));
            if (width == null || height == null || width == 0 || height == 0) {
                continue;
            }
            widths.merge(width.longValue(), 1, Integer::sum);
            heights.merge(height.longValue(), 1, Integer::sum);
        }
        if (widths.isEmpty()) {
            return;
        }
        row.put("commonHeight", mostCommon(heights));
        row.put("commonWidth", mostCommon(widths));
        row.put("maxHeight", heights.lastKey());
        row.put("maxWidth", widths.lastKey());
        row.put("minHeight", heights.firstKey());
        row.put("minWidth", widths.firstKey());
    }

    private static long mostCommon(TreeMap<Long, Integer> counts) {
        int max = counts.values().stream().max(Integer::compare).orElseThrow();
        return counts.entrySet().stream()
                .filter(e -> e.getValue() == max)
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    private static Boolean periodicJitterBufferFlushes(List<Sample> samples) {
        List<Long> flushTimes = new ArrayList<>();
        Double previous = null;
        for (Sample sample : samples) {
            if (!sample.stats().has("jitterBufferFlushes")) {
                continue;
            }
            Double flushes = JsonSemantics.number(sample.stats().get("jitterBufferFlushes"));
            if (previous != null && flushes != null && flushes > previous) {
                flushTimes.add(sample.timestamp());
            }
            previous = flushes;
        }
        if (flushTimes.size() < PERIODIC_FLUSH_MIN_COUNT) {
            return null;
        }
        for (int i = 1; i < flushTimes.size(); i++) {
            long interval = flushTimes.get(i) - flushTimes.get(i - 1);
            if (interval < PERIODIC_FLUSH_MIN_MS || interval > PERIODIC_FLUSH_MAX_MS) {
                return false;
            }
        }
        return true;
    }

    private static void putLastStats(Sample last, TrackInfo track, FeatureRow row) {
        JsonNode stats = last.stats();
        row.put("duration", last.timestamp() - track.startTime());
        row.put("frameCount", pluck(stats, "framesEncoded", "framesDecoded"));
        row.put("keyFrameCount", pluck(stats, "keyFramesEncoded", "keyFramesDecoded"));
        for (String counter : List.of("qpSum", "nackCount", "pliCount", "firCount")) {
            row.put(counter, stats.get(counter));
        }
        if (track.direction() == TrackInfo.Direction.OUTBOUND) {
            putOutbound(last, row);
        } else {
            putInbound(stats, row);
        }
    }

    private static void putOutbound(Sample last, FeatureRow row) {
        JsonNode stats = last.stats();
        JsonNode durations = stats.get("qualityLimitationDurations");
        if (JsonSemantics.truthy(durations) && durations.isObject()) {
            double total = 0;
            for (JsonNode duration : durations) {
                total += duration.isNumber() ? duration.doubleValue() : Double.NaN;
            }
            for (String reason : List.of("bandwidth", "cpu", "other")) {
                Double share = JsonSemantics.number(durations.get(reason));
                row.put(reason + "QualityLimitationPercentage", share == null ? null : share / total);
            }
        }
        row.put("qualityLimitationResolutionChanges", stats.get("qualityLimitationResolutionChanges"));
        row.put("averageEncodeTime", divide(stats, "totalEncodeTime", "framesEncoded"));
        // rid and encodingIndex identify the simulcast layer.
        row.put("rid", stats.get("rid"));
        row.put("encodingIndex", stats.get("encodingIndex"));
        if (JsonSemantics.truthy(stats.get("psnrMeasurements"))) {
            row.put("psnrMeasurements", stats.get("psnrMeasurements"));
            JsonNode psnrSum = stats.path("psnrSum");
            row.put("psnrSumY", psnrSum.get("y"));
            row.put("psnrSumU", psnrSum.get("u"));
            row.put("psnrSumV", psnrSum.get("v"));
        }
        row.put("encoderImplementation", stats.get("encoderImplementation"));
        row.put("powerEfficientEncoder", stats.get("powerEfficientEncoder"));
        // L4S counters: sent here, received ones from the peer's remote-inbound-rtp report.
        row.put("packetsSentWithEct1", stats.get("packetsSentWithEct1"));
        JsonNode remoteInbound = last.report().get(stats.get("remoteId"));
        if (remoteInbound.isObject()) {
            for (String counter :
                    List.of("packetsReceivedWithEct1", "packetsReceivedWithCe", "packetsWithBleachedEct1Marking")) {
                row.put(counter, remoteInbound.get(counter));
            }
        }
    }

    private static void putInbound(JsonNode stats, FeatureRow row) {
        for (String property : List.of(
                "freezeCount",
                "totalFreezesDuration",
                "framesDropped",
                "decoderImplementation",
                "powerEfficientDecoder",
                "jitterBufferDelay",
                "jitterBufferMinimumDelay",
                "jitterBufferTargetDelay",
                "jitterBufferEmittedCount",
                "jitterBufferFlushes",
                "totalProcessingDelay",
                "framesAssembledFromMultiplePackets",
                "totalAssemblyTime",
                "concealedSamples",
                "totalSamplesReceived",
                "insertedSamplesForDeceleration",
                "removedSamplesForAcceleration")) {
            row.put(property, stats.get(property));
        }
        row.put("concealmentPercentage", divide(stats, "concealedSamples", "totalSamplesReceived"));
        row.put("decelerationPercentage", divide(stats, "insertedSamplesForDeceleration", "totalSamplesReceived"));
        row.put("accelerationPercentage", divide(stats, "removedSamplesForAcceleration", "totalSamplesReceived"));
        row.put("averageDecodeTime", divide(stats, "totalDecodeTime", "framesDecoded"));
        row.put("averageInterFrameDelay", divide(stats, "totalInterFrameDelay", "framesDecoded"));
        row.put("averageJitterBufferDelay", divide(stats, "jitterBufferDelay", "jitterBufferEmittedCount"));
        row.put("averageProcessingDelay", divide(stats, "totalProcessingDelay", "jitterBufferEmittedCount"));
        row.put("averageAssemblyTime", divide(stats, "totalAssemblyTime", "framesAssembledFromMultiplePackets"));
    }

    /** The first property the stats have, even if its value is null (the reference's pluckStat). */
    private static JsonNode pluck(JsonNode stats, String... properties) {
        for (String property : properties) {
            if (stats.has(property)) {
                return stats.get(property);
            }
        }
        return null;
    }

    private static Double divide(JsonNode stats, String numerator, String denominator) {
        Double top = JsonSemantics.number(stats.get(numerator));
        Double bottom = JsonSemantics.number(stats.get(denominator));
        return top == null || bottom == null || bottom == 0 ? null : top / bottom;
    }
}
