package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.StatsSeries.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the decompressed getStats reports of a parsed dump into time series samples: every finite numeric property of
 * every report, nested objects as {@code outer.inner}, at the report's own timestamp (the poll's time when a report
 * has none). Strings, booleans, identifiers such as {@code ssrc} and the {@code timestamp} itself are not samples.
 */
public final class StatsFlattener {
    // A sample's JSON without its strings is about 90 bytes; the byte budget keeps a record well under Kafka's
    // default 1 MiB even when a browser sends long report ids or property names.
    private static final int SAMPLE_OVERHEAD_BYTES = 96;
    private final int maxSamples;
    private final int maxBytes;

    /** Batches hold at most {@code maxSamples} samples and about {@code maxBytes} bytes of JSON. */
    public StatsFlattener(int maxSamples, int maxBytes) {
        this.maxSamples = maxSamples;
        this.maxBytes = maxBytes;
    }

    /** Hands every sample of {@code dump} to {@code batches}, PeerConnection by PeerConnection, in bounded lists. */
    public void flatten(ParsedDump dump, Consumer<List<Sample>> batches) {
        Batch batch = new Batch(batches);
        for (String peerConnection : dump.peerConnectionIds()) {
            for (Event event : dump.connections().get(peerConnection)) {
                if (event.is("getStats") && event.value().isObject()) {
                    flattenPoll(peerConnection, event, batch);
                }
            }
        }
        batch.flush();
    }

    private static void flattenPoll(String peerConnection, Event event, Batch batch) {
        for (Map.Entry<String, JsonNode> entry : event.value().properties()) {
            JsonNode report = entry.getValue();
            if (!report.isObject()) {
                continue;
            }
            JsonNode time = report.get("timestamp");
            long timestamp = time != null && time.isNumber() && Double.isFinite(time.doubleValue())
                    ? (long) Math.floor(time.doubleValue())
                    : event.timestamp();
            String type = report.path("type").asText("");
            flattenObject(peerConnection, entry.getKey(), type, "", report, timestamp, batch);
        }
    }

    private static void flattenObject(
            String peerConnection,
            String reportId,
            String type,
            String prefix,
            JsonNode object,
            long timestamp,
            Batch batch) {
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String name = property.getKey();
            JsonNode value = property.getValue();
            if (prefix.isEmpty() && isIdentifier(name)) {
                continue;
            }
            if (value.isObject()) {
                flattenObject(peerConnection, reportId, type, prefix + name + ".", value, timestamp, batch);
            } else if (value.isNumber() && Double.isFinite(value.doubleValue())) {
                batch.add(new Sample(peerConnection, reportId, type, prefix + name, timestamp, value.doubleValue()));
            }
        }
    }

    // Numbers that name something rather than measure it: charting them would only mislead.
    private static boolean isIdentifier(String name) {
        return name.equals("timestamp")
                || name.equals("id")
                || name.endsWith("Id")
                || name.equals("ssrc")
                || name.endsWith("Ssrc")
                || name.equals("dataChannelIdentifier")
                || name.equals("payloadType");
    }

    private final class Batch {
        private final Consumer<List<Sample>> target;
        private List<Sample> samples = new ArrayList<>();
        private int bytes;

        Batch(Consumer<List<Sample>> target) {
            this.target = target;
        }

        void add(Sample sample) {
            int size = SAMPLE_OVERHEAD_BYTES
                    + sample.peerConnection().length()
                    + sample.reportId().length()
                    + sample.type().length()
                    + sample.metric().length();
            if (samples.size() >= maxSamples || (!samples.isEmpty() && bytes + size > maxBytes)) {
                flush();
            }
            samples.add(sample);
            bytes += size;
        }

        void flush() {
            if (!samples.isEmpty()) {
                target.accept(List.copyOf(samples));
                samples = new ArrayList<>();
                bytes = 0;
            }
        }
    }
}
