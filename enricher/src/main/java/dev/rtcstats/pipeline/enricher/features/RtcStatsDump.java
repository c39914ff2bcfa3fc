package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rtcstats.pipeline.common.DumpFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reader for stored rtcStats dumps (format 3): line 0 {@code RTCStatsDump}, line 1 the metadata object, then one
 * JSON array per frame, whose last element is the time delta (or, from legacy clients, the absolute time). Frames
 * that are not valid JSON or lack a numeric time are skipped and counted, never thrown, since they come from untrusted browsers; only a missing header or metadata line is an error.
 */
public final class RtcStatsDump {
    /** Deeper frames are skipped: no client writes them, and they would only cost stack in the features. */
    static final int MAX_NESTING_DEPTH = 64;
    // Trailing garbage after a frame makes it invalid rather than silently truncated.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Map<String, Set<String>> STATES = Map.of(
            "onsignalingstatechange",
                    Set.of(
                            "stable",
                            "have-local-offer",
                            "have-remote-offer",
                            "have-local-pranswer",
                            "have-remote-pranswer",
                            "closed"),
            "oniceconnectionstatechange",
                    Set.of("new", "checking", "connected", "completed", "failed", "disconnected", "closed"),
            "onconnectionstatechange", Set.of("new", "connecting", "connected", "disconnected", "failed", "closed"),
            "onicegatheringstatechange", Set.of("new", "gathering", "complete"));
    // Older Chrome builds report setLocalDescription of an unknown PeerConnection under this id.
    private static final String UNKNOWN_CONNECTION = "undefined-undefined";
    // 1e11 ms is 1973-03-03 as an epoch time and over three years as a delta.
    private static final double ABSOLUTE_TIME_THRESHOLD = 1e11;
    // The legacy rtcstats 5.x client's getStats: decoded into full reports for the time series, and kept under its
    // own name, so that the features, like the reference's, do not read it.
    static final String LEGACY_GET_STATS = "getstats";

    private RtcStatsDump() {}

    /** Decodes the lines of one dump (without line terminators). */
    public static ParsedDump read(List<String> lines) {
        return read(lines, ExtractionBudget.unlimited());
    }

    /**
     * Decodes the lines of one dump (without line terminators) within {@code budget}: getStats frames over its
     * limits are not decoded, and {@link ExtractionBudget.OutOfTime} is thrown once its deadline passes.
     */
    public static ParsedDump read(List<String> lines, ExtractionBudget budget) {
        if (lines.isEmpty() || !lines.getFirst().equals(DumpFormat.HEADER)) {
            throw new InvalidDumpException("not an RTCStatsDump: first line must be " + DumpFormat.HEADER);
        }
        if (lines.size() < 2) {
            throw new InvalidDumpException("missing metadata line");
        }
        Map<String, Object> metadata = readMetadata(lines.get(1));
        Decoder decoder = new Decoder(budget);
        for (String line : lines.subList(2, lines.size())) {
            budget.checkTime();
            decoder.accept(line);
        }
        return new ParsedDump(metadata, decoder.connections(), decoder.skipped);
    }

    private static Map<String, Object> readMetadata(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new InvalidDumpException("metadata line is not a JSON object");
            }
            return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new InvalidDumpException("metadata line is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Per-dump decoding state: running clock, last full stats report and events of every connection. */
    private static final class Decoder {
        private final Map<String, List<Event>> events = new LinkedHashMap<>();
        private final Map<String, ObjectNode> lastStats = new HashMap<>();
        // The latest value of each method per connection, for SDPs compressed against an earlier description.
        private final Map<String, Map<String, JsonNode>> latest = new HashMap<>();
        private final ExtractionBudget budget;
        private double clock;
        private int skipped;

        Decoder(ExtractionBudget budget) {
            this.budget = budget;
            // The client-level trace is listed first, as in the reference reader.
            events.put(null, new ArrayList<>());
        }

        void accept(String line) {
            if (line.isEmpty()) {
                return;
            }
            JsonNode frame;
            try {
                frame = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                skipped++;
                return;
            }
            if (frame == null || !frame.isArray()) {
                return;
            }
            ArrayNode array = (ArrayNode) frame;
            JsonNode delta = array.get(array.size() - 1);
            if (array.size() < 4 || !delta.isNumber() || !Double.isFinite(clock + delta.doubleValue())) {
                skipped++;
                return;
            }
            double time = delta.doubleValue();
            // Legacy clients (rtcstats 5.x, protocol 2.0) put the absolute epoch time on every frame where newer
            // ones send deltas; no delta is ever that large, so such a value sets the clock instead.
            clock = time > ABSOLUTE_TIME_THRESHOLD ? time : clock + time;
            String type = MethodTable.decompress(array.get(0));
            String connectionId = array.get(1).isNull() ? null : JsonSemantics.propertyKey(array.get(1));
            List<JsonNode> extra = new ArrayList<>();
            for (int i = 3; i < array.size() - 1; i++) {
                extra.add(array.get(i));
            }
            List<Event> trace = events.computeIfAbsent(connectionId, id -> new ArrayList<>());
            Map<String, JsonNode> latestOfConnection = latest.computeIfAbsent(connectionId, id -> new HashMap<>());
            JsonNode value = decodeValue(type, connectionId, array.get(2), latestOfConnection);
            trace.add(new Event((long) Math.floor(clock), type, value, extra));
            latestOfConnection.put(type, value == null ? NullNode.getInstance() : value);
        }

        private JsonNode decodeValue(
                String type, String connectionId, JsonNode value, Map<String, JsonNode> latestOfConnection) {
            if (STATES.containsKey(type) && value.isTextual()) {
                return unquoteState(STATES.get(type), value);
            }
            if (type.equals("getStats") || type.equals(LEGACY_GET_STATS)) {
                JsonNode delta = type.equals(LEGACY_GET_STATS) ? LegacyStats.asDelta(value) : value;
                ObjectNode report = StatsDecompressor.decompress(lastStats.get(connectionId), delta, budget);
                if (report != null) {
                    lastStats.put(connectionId, report);
                }
                return report;
            }
            if (type.equals("setLocalDescription") && value.isObject() && !UNKNOWN_CONNECTION.equals(connectionId)) {
                String source = "offer".equals(value.path("type").asText())
                        ? "createOfferOnSuccess"
                        : "answer".equals(value.path("type").asText()) ? "createAnswerOnSuccess" : null;
                return source == null ? value : SessionDescriptions.decompress(latestOfConnection.get(source), value);
            }
            if ((type.equals("createOfferOnSuccess") || type.equals("createAnswerOnSuccess")) && value.isObject()) {
                String descriptionType = value.path("type").asText();
                boolean known = descriptionType.equals("offer") || descriptionType.equals("answer");
                return known
                        ? SessionDescriptions.decompress(latestOfConnection.get("setLocalDescription"), value)
                        : value;
            }
            return value;
        }

        // Chrome's own writer JSON-encodes state strings ("\"stable\""); rtcstats-js sends them bare.
        private static JsonNode unquoteState(Set<String> states, JsonNode value) {
            String text = value.textValue();
            if (text.length() > 2 && text.startsWith("\"") && text.endsWith("\"")) {
                String inner = text.substring(1, text.length() - 1);
                if (states.contains(inner)) {
                    return TextNode.valueOf(inner);
                }
            }
            return value;
        }

        Map<String, List<Event>> connections() {
            if (events.get(null).isEmpty()) {
                events.remove(null);
            }
            return events;
        }
    }
}
