package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.StatsSeries.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the decompressed getStats reports of a parsed dump (also the legacy client's {@code getstats}) into time
 * series samples: every finite numeric property of
 * every report that the {@link StatsSelection} keeps, nested objects as {@code outer.inner}, at the report's own
 * timestamp (the poll's time when a report has none), at most one poll of a report per selection interval. Strings,
 * booleans, identifiers such as {@code ssrc} and the {@code timestamp} itself are not samples. Unpaired surrogates
 * in names become U+FFFD, so every sample can be encoded. The samples of one report at one poll always go out in
 * the same batch, next to each other, since the sink stores them as one row ({@link StatsSeries}); a report too
 * large for a record on its own keeps the samples that fit.
 */
public final class StatsFlattener {
    private final int maxSamples;
    private final int maxBytes;
    private final StatsSelection selection;
    private final StatsSelection.Filter filter;

    /** Every value; batches of at most {@code maxSamples} samples and {@code maxBytes} encoded bytes. */
    public StatsFlattener(int maxSamples, int maxBytes) {
        this(maxSamples, maxBytes, StatsSelection.ALL);
    }

    public StatsFlattener(int maxSamples, int maxBytes, StatsSelection selection) {
        this.maxSamples = maxSamples;
        this.maxBytes = maxBytes;
        this.selection = selection;
        this.filter = selection.filter();
    }

    /**
     * Hands every kept sample of {@code dump} to {@code batches}, PeerConnection by PeerConnection, in lists whose
     * encoded size, with {@code headerBytes} for the record around them, stays within the byte bound.
     */
    public void flatten(ParsedDump dump, int headerBytes, Consumer<List<Sample>> batches) {
        flatten(dump, headerBytes, Long.MAX_VALUE, batches);
    }

    /**
     * As {@link #flatten(ParsedDump, int, Consumer)}, but stops after {@code maxSamples} samples, the connection's
     * budget; returns whether samples were left out because of it.
     */
    public boolean flatten(ParsedDump dump, int headerBytes, long maxSamples, Consumer<List<Sample>> batches) {
        Batch batch = new Batch(batches, maxBytes - headerBytes, maxSamples);
        for (String peerConnection : dump.peerConnectionIds()) {
            Map<String, Long> lastKept = new HashMap<>();
            for (Event event : dump.connections().get(peerConnection)) {
                if (batch.truncated) {
                    batch.flush();
                    return true;
                }
                if ((event.is("getStats") || event.is(RtcStatsDump.LEGACY_GET_STATS))
                        && event.value().isObject()) {
                    flattenPoll(valid(peerConnection), event, batch, lastKept);
                }
            }
        }
        batch.flush();
        return batch.truncated;
    }

    /** As {@link #flatten(ParsedDump, int, Consumer)} for a record without header. */
    public void flatten(ParsedDump dump, Consumer<List<Sample>> batches) {
        flatten(dump, 0, batches);
    }

    private void flattenPoll(String peerConnection, Event event, Batch batch, Map<String, Long> lastKept) {
        for (Map.Entry<String, JsonNode> entry : event.value().properties()) {
            JsonNode report = entry.getValue();
            if (!report.isObject()) {
                continue;
            }
            JsonNode time = report.get("timestamp");
            long timestamp = time != null && time.isNumber() && Double.isFinite(time.doubleValue())
                    ? (long) Math.floor(time.doubleValue())
                    : event.timestamp();
            String type = valid(report.path("type").asText(""));
            new Report(peerConnection, valid(entry.getKey()), type, timestamp, batch, lastKept).flatten("", report);
        }
    }

    private static String valid(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return replaceUnpaired(text);
            }
        }
        return text;
    }

    private static String replaceUnpaired(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
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

    /** One report of one poll. */
    private final class Report {
        private final String peerConnection;
        private final String reportId;
        private final String type;
        private final long timestamp;
        private final Batch batch;
        private final Map<String, Long> lastKept;
        private final List<Sample> samples = new ArrayList<>();

        Report(
                String peerConnection,
                String reportId,
                String type,
                long timestamp,
                Batch batch,
                Map<String, Long> lastKept) {
            this.peerConnection = peerConnection;
            this.reportId = reportId;
            this.type = type;
            this.timestamp = timestamp;
            this.batch = batch;
            this.lastKept = lastKept;
        }

        void flatten(String prefix, JsonNode report) {
            if (!due()) {
                return;
            }
            collect(prefix, report);
            batch.add(samples);
        }

        private void collect(String prefix, JsonNode object) {
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                String name = property.getKey();
                JsonNode value = property.getValue();
                if (prefix.isEmpty() && isIdentifier(name)) {
                    continue;
                }
                if (value.isObject()) {
                    collect(prefix + name + ".", value);
                } else if (value.isNumber() && Double.isFinite(value.doubleValue())) {
                    String metric = valid(prefix + name);
                    if (filter.keeps(type, metric)) {
                        samples.add(new Sample(peerConnection, reportId, type, metric, timestamp, value.doubleValue()));
                    }
                }
            }
        }

        private boolean due() {
            if (selection.interval().isZero()) {
                return true;
            }
            Long last = lastKept.get(reportId);
            if (last != null && timestamp - last < selection.interval().toMillis()) {
                return false;
            }
            lastKept.put(reportId, timestamp);
            return true;
        }
    }

    private final class Batch {
        private final Consumer<List<Sample>> target;
        private final int budget;
        private final long maxTotal;
        private List<Sample> samples = new ArrayList<>();
        private int bytes;
        private long total;
        private boolean truncated;

        Batch(Consumer<List<Sample>> target, int budget, long maxTotal) {
            this.target = target;
            this.budget = budget;
            this.maxTotal = maxTotal;
        }

        /**
         * Adds the samples of one report at one poll to one batch; those that do not fit a record are dropped, and
         * those over the connection's budget too (which ends the flattening).
         */
        void add(List<Sample> report) {
            long allowed = Math.min(report.size(), maxTotal - total);
            if (allowed < report.size()) {
                truncated = true;
            }
            List<Sample> fitting = new ArrayList<>();
            int size = 0;
            for (int i = 0; i < allowed && fitting.size() < maxSamples; i++) {
                Sample sample = report.get(i);
                if (size + sample.encodedBytes() <= budget) { // else its names are absurdly long
                    fitting.add(sample);
                    size += sample.encodedBytes();
                }
            }
            total += allowed;
            if (fitting.isEmpty()) {
                return;
            }
            if (samples.size() + fitting.size() > maxSamples || bytes + size > budget) {
                flush();
            }
            samples.addAll(fitting);
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
