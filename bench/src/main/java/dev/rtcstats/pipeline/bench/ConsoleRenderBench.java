package dev.rtcstats.pipeline.bench;

import dev.rtcstats.pipeline.console.auth.MintAnalystToken;
import dev.rtcstats.pipeline.testsupport.HeadlessBrowser;
import dev.rtcstats.pipeline.testsupport.SyntheticConference;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * How fast the console's conference page is for a big conference on the local stack: seeds a made-up conference
 * ({@link SyntheticConference}: 50 participants over an hour by default, about a hundred getStats values per
 * participant and second) into the stack's ClickHouse, then measures, against the running console, the two API
 * calls the page makes (as the page makes them: in parallel) and the page itself in headless Chromium, from
 * navigation start to the moment the timeline, table and every chart are drawn ({@code conference-rendered}).
 *
 * <pre>
 * --console http://127.0.0.1:8083  --secret local-stack-console-secret-of-32-bytes
 * --clickhouse jdbc:clickhouse://127.0.0.1:8123/default?compress=false  --participants 50  --minutes 60  --runs 10
 * --server-pids CLICKHOUSE_PID,CONSOLE_PID   (optional: their CPU seconds per page view, from /proc)
 * --conference NAME   (optional: measure a conference an earlier run seeded, in tenant "bench", without seeding;
 *                      --participants and --minutes must be those of that run)
 * --tenant T          (optional, default "bench": with --conference, the tenant of a conference that real clients
 *                      sent, e.g. "" for the local stack's demo token)
 * --screenshot FILE   (optional, default target/console-bench.png: the page after its first load)
 * </pre>
 */
public final class ConsoleRenderBench {
    private static final PrintStream REPORT = System.out;
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newHttpClient();

    private ConsoleRenderBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new ConsoleRenderBench(options).run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        URI console = URI.create(option("console", "http://127.0.0.1:8083"));
        String clickhouse = option("clickhouse", "jdbc:clickhouse://127.0.0.1:8123/default?compress=false");
        if (!Set.of("127.0.0.1", "localhost").contains(console.getHost())
                || !clickhouse.startsWith("jdbc:clickhouse://127.0.0.1:")) {
            throw new IllegalArgumentException("the benchmark only targets 127.0.0.1");
        }
        int participants = Math.min(Integer.parseInt(option("participants", "50")), 500);
        int minutes = Math.min(Integer.parseInt(option("minutes", "60")), 24 * 60);
        int runs = Math.min(Integer.parseInt(option("runs", "10")), 100);
        String seeded = options.get("conference");
        String name = seeded != null
                ? seeded
                : "bench-" + participants + "x" + minutes + "m-"
                        + UUID.randomUUID().toString().substring(0, 8);
        String tenant = option("tenant", "bench");
        SyntheticConference conference = new SyntheticConference(
                tenant,
                name,
                participants,
                Duration.ofMinutes(minutes),
                Instant.now().minus(Duration.ofMinutes(minutes + 60)).truncatedTo(ChronoUnit.SECONDS));
        REPORT.printf(
                "conference %s: %d participants x %d min, %d getStats values per participant-second; load average %s,"
                        + " %d cores%n",
                name,
                participants,
                minutes,
                SyntheticConference.metricsPerSecond(),
                loadAverage(),
                Runtime.getRuntime().availableProcessors());
        if (seeded == null) {
            long seedStart = System.nanoTime();
            long samples = conference.insert(clickhouse);
            REPORT.printf("seeded about %,d time series samples in %.1f s%n", samples, seconds(seedStart));
        } else {
            REPORT.printf("measuring conference %s, seeded by an earlier run%n", seeded);
        }

        String token = MintAnalystToken.mint(
                option("secret", "local-stack-console-secret-of-32-bytes"),
                "tenant",
                tenant,
                "bench",
                Duration.ofHours(1),
                Instant.now());
        String query = "conference=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        measureApi(console, token, query, runs);
        measurePage(
                console,
                token,
                "tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "&" + query,
                runs,
                Path.of(option("screenshot", "target/console-bench.png")));
    }

    /** The two calls of the page, together, {@code runs} times after one warm-up. */
    private void measureApi(URI console, String token, String query, int runs) throws Exception {
        ProcessStats servers =
                options.containsKey("server-pids") ? ProcessStats.parse(option("server-pids", "")) : null;
        double cpuBefore = 0;
        List<Double> both = new ArrayList<>();
        List<Double> view = new ArrayList<>();
        List<Double> series = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long started = System.nanoTime();
            CompletableFuture<Timed> seriesCall = CompletableFuture.supplyAsync(
                    () -> timedGet(console.resolve("/api/conference/series?" + query), token));
            Timed viewCall = timedGet(console.resolve("/api/conference?" + query), token);
            Timed seriesDone = seriesCall.join();
            double total = seconds(started) * 1000;
            if (i == 0) {
                REPORT.printf(
                        "API first call: conference %.0f ms, series %.0f ms (%,d + %,d bytes gzip)%n",
                        viewCall.millis(), seriesDone.millis(), viewCall.bytes(), seriesDone.bytes());
                cpuBefore = servers == null ? 0 : servers.cpuSeconds();
                continue;
            }
            both.add(total);
            view.add(viewCall.millis());
            series.add(seriesDone.millis());
        }
        REPORT.printf(
                "API, %d runs: both calls p50 %.0f ms, max %.0f ms; /api/conference p50 %.0f ms;"
                        + " /api/conference/series p50 %.0f ms%n",
                runs, percentile(both, 0.5), percentile(both, 1), percentile(view, 0.5), percentile(series, 0.5));
        if (servers != null) {
            REPORT.printf(
                    "server CPU per page view (both calls; pids %s): %.2f s%n",
                    servers.pids(), (servers.cpuSeconds() - cpuBefore) / runs);
        }
    }

    private record Timed(double millis, long bytes) {}

    private Timed timedGet(URI uri, String token) {
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + token)
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            return new Timed(seconds(started) * 1000, response.body().length);
        } catch (Exception e) {
            throw new IllegalStateException(uri + " failed: " + e.getMessage(), e);
        }
    }

    /** Full page loads of the conference page; the first is reported apart (cold caches in the browser). */
    private void measurePage(URI console, String token, String pageQuery, int runs, Path screenshot) throws Exception {
        Path work = Files.createTempDirectory("console-bench-");
        List<Double> rendered = new ArrayList<>();
        try (HeadlessBrowser browser = HeadlessBrowser.launch(work, 1400, 1000)) {
            browser.navigate(console.resolve("/#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                    .toString());
            browser.waitFor("document.getElementById('who').textContent !== ''", PAGE_TIMEOUT);
            for (int i = 0; i <= runs; i++) {
                browser.navigate(console.resolve("/?run=" + i + "#/conference?" + pageQuery)
                        .toString());
                browser.waitFor("document.body.dataset.rendered === 'conference'", PAGE_TIMEOUT);
                double millis = browser.evaluate("performance.getEntriesByName('conference-rendered')[0].startTime")
                        .asDouble();
                if (i == 0) {
                    int points = browser.evaluate("[...document.querySelectorAll('[data-chart]')]"
                                    + ".reduce((n, c) => n + Number(c.dataset.points), 0)")
                            .asInt();
                    REPORT.printf(
                            "page first load: %.0f ms to conference-rendered (%d participants listed, %,d chart"
                                    + " points)%n",
                            millis,
                            browser.evaluate("document.querySelectorAll('table.participants tbody tr').length")
                                    .asInt(),
                            points);
                    Files.createDirectories(screenshot.toAbsolutePath().getParent());
                    Files.write(screenshot, browser.screenshot());
                } else {
                    rendered.add(millis);
                }
            }
            if (!browser.log().isEmpty()) {
                REPORT.printf("page log: %s%n", browser.log());
            }
        }
        REPORT.printf(
                "page, %d loads: navigation start to conference-rendered p50 %.0f ms, max %.0f ms; load average %s%n",
                runs, percentile(rendered, 0.5), percentile(rendered, 1), loadAverage());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double percentile(List<Double> values, double quantile) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty()
                ? -1
                : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * quantile)));
    }

    private static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
