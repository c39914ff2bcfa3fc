package dev.rtcstats.pipeline.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters hostile cases move: the sink's adjusted values by check, the gateway's refusals by reason (from its
 * Prometheus endpoint, as an operator reads them), the enricher's dead letters and degraded features.
 */
final class Counters {
    private static final Pattern REJECTS =
            Pattern.compile("(?m)^rtcstats_gateway_rejects_total\\{[^}]*reason=\"([^\"]+)\"[^}]*} (\\S+)$");
    private static final String[] CHECKS = {
        "datetime-range", "integer-range", "not-finite", "wrong-type", "invalid-utf8", "string-too-long", "missing"
    };

    private final Pipeline pipeline;
    private final HttpClient http;

    /** The counters at one moment. */
    record Snapshot(Map<String, Double> adjustedByCheck, Map<String, Double> rejectedByReason) {
        double adjusted(String check) {
            return adjustedByCheck.getOrDefault(check, 0.0);
        }

        double rejected(String reason) {
            return rejectedByReason.getOrDefault(reason, 0.0);
        }
    }

    Counters(Pipeline pipeline, HttpClient http) {
        this.pipeline = pipeline;
        this.http = http;
    }

    Snapshot read() throws Exception {
        Map<String, Double> adjusted = new HashMap<>();
        for (String check : CHECKS) {
            adjusted.put(check, pipeline.sinkCount("rtcstats.sink.values.adjusted", "check", check));
        }
        Map<String, Double> rejected = new HashMap<>();
        Matcher matcher = REJECTS.matcher(gateway("/metrics").body());
        while (matcher.find()) {
            rejected.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
        }
        return new Snapshot(adjusted, rejected);
    }

    /** A GET on the gateway's HTTP side ({@code /ready}, {@code /metrics}). */
    HttpResponse<String> gateway(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipeline.gatewayPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
