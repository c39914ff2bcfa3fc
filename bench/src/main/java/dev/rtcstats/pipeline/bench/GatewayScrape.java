package dev.rtcstats.pipeline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readings of a server under load: heap, open connections, back-pressure pauses and the frame-to-ack histogram from
 * the gateway's /metrics (none for the reference), RSS from /proc when the pid is known.
 */
final class GatewayScrape {
    private final HttpClient http;
    private final String serverPids;

    /** {@code serverPids} is null when the server's pid is not known. */
    GatewayScrape(HttpClient http, String serverPids) {
        this.http = http;
        this.serverPids = serverPids;
    }

    /** Heap and gateway counters from /metrics (none for the reference) and RSS from /proc when the pid is known. */
    Map<String, Double> scrape(URI metrics, boolean collectGarbage) throws Exception {
        Map<String, Double> values = metrics == null ? new HashMap<>() : scrapeMetrics(metrics, collectGarbage);
        if (serverPids != null) {
            values.put("rss", ProcessStats.parse(serverPids).rssBytes());
        }
        values.putIfAbsent("heap", Double.NaN);
        values.putIfAbsent("rss", Double.NaN);
        values.putIfAbsent("open", Double.NaN);
        return values;
    }

    private Map<String, Double> scrapeMetrics(URI metrics, boolean collectGarbage) throws Exception {
        if (collectGarbage && serverPids != null) {
            new ProcessBuilder("jcmd", serverPids.split(",")[0], "GC.run")
                    .inheritIO()
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            Thread.sleep(1000);
        }
        String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> values = new HashMap<>();
        double heap = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String name = line.substring(0, line.lastIndexOf(' '));
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (name.startsWith("jvm_memory_used_bytes") && name.contains("area=\"heap\"")) {
                heap += value;
            } else if (name.startsWith("rtcstats_gateway_process_rss_bytes")) {
                values.put("rss", value);
            } else if (name.startsWith("rtcstats_gateway_connections_open")) {
                values.put("open", value);
            } else if (name.startsWith("rtcstats_gateway_backpressure_pauses_total")) {
                values.put("pauses", value);
            } else if (name.startsWith("rtcstats_gateway_kafka_ack_seconds_bucket")) {
                Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(name);
                if (le.find()) {
                    values.put("bucket:" + le.group(1), value);
                }
            }
        }
        values.put("heap", heap);
        return values;
    }

    static Map<Double, Double> bucketDelta(Map<String, Double> before, Map<String, Double> after) {
        Map<Double, Double> delta = new TreeMap<>();
        after.forEach((key, value) -> {
            if (key.startsWith("bucket:")) {
                String bound = key.substring("bucket:".length());
                double le = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                delta.put(le, value - before.getOrDefault(key, 0.0));
            }
        });
        return delta;
    }

    /** The upper bound of the first cumulative bucket holding the quantile. */
    static double histogramQuantile(Map<Double, Double> cumulative, double quantile) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= total * quantile && total > 0) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }
}
