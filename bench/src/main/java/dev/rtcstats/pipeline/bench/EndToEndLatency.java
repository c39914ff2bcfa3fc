package dev.rtcstats.pipeline.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long after a client closes its socket the session row becomes queryable in ClickHouse, through the
 * whole running pipeline (gateway, Kafka, enricher, sink). Sessions are staggered, each sends a few getStats-like
 * frames and closes; a poller reads {@code sessions FINAL} for the run's conference every poll interval and notes when
 * each session first appears. It also reports the sink's own {@code inserted_at} against the close time.
 *
 * <pre>
 * --gateway ws://127.0.0.1:8080/  --secret local-stack-secret  --clickhouse http://127.0.0.1:8123/
 * --sessions 200  --stagger-ms 50  --frames 5  --poll-ms 100  --timeout-s 180
 * </pre>
 */
public final class EndToEndLatency {
    private static final PrintStream REPORT = System.out;
    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> closedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final Map<String, Long> insertedAt = new ConcurrentHashMap<>();

    private EndToEndLatency(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new EndToEndLatency(options).run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        URI gateway = URI.create(option("gateway", "ws://127.0.0.1:8080/"));
        URI clickhouse = URI.create(option("clickhouse", "http://127.0.0.1:8123/"));
        if (!Set.of("127.0.0.1", "localhost").contains(gateway.getHost())
                || !Set.of("127.0.0.1", "localhost").contains(clickhouse.getHost())) {
            throw new IllegalArgumentException("the benchmark only targets 127.0.0.1");
        }
        BenchToken token = new BenchToken(option("secret", "local-stack-secret"));
        int sessions = Math.min(Integer.parseInt(option("sessions", "200")), 2000);
        long staggerMillis = Long.parseLong(option("stagger-ms", "50"));
        int frames = Math.min(Integer.parseInt(option("frames", "5")), 100);
        long pollMillis = Math.max(20, Long.parseLong(option("poll-ms", "100")));
        long timeoutMillis = Math.min(Long.parseLong(option("timeout-s", "180")), 900) * 1000;
        String conference = "bench-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        REPORT.printf(
                "%d sessions, one every %d ms, %d frames each, conference %s; polling every %d ms; "
                        + "load average %s%n",
                sessions, staggerMillis, frames, conference, pollMillis, loadAverage());

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        scheduler.scheduleWithFixedDelay(
                () -> poll(clickhouse, conference), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        List<CompletableFuture<?>> clients = new ArrayList<>();
        long started = System.currentTimeMillis();
        for (int i = 0; i < sessions; i++) {
            String session = "e2e-" + i;
            URI target = URI.create(gateway + "?rtcstats-token=" + token.mint("bench-user-" + i, session, conference));
            CompletableFuture<Void> client = new CompletableFuture<>();
            clients.add(client);
            scheduler.schedule(
                    () -> runClient(target, session, frames, client), staggerMillis * i, TimeUnit.MILLISECONDS);
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new))
                .get(staggerMillis * sessions + 60_000, TimeUnit.MILLISECONDS);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (seenAt.size() < closedAt.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(pollMillis);
        }
        scheduler.shutdownNow();
        report(sessions, System.currentTimeMillis() - started);
    }

    /** One client: open, a metadata-like frame and a few getStats-like frames, then a normal close. */
    private void runClient(URI target, String session, int frames, CompletableFuture<Void> done) {
        http.newWebSocketBuilder()
                .subprotocols("rtcstats#5.0")
                .buildAsync(target, new WebSocket.Listener() {})
                .thenCompose(socket -> {
                    CompletableFuture<WebSocket> chain =
                            socket.sendText("[\"create\",\"PC_0\",{\"iceServers\":[]},1000]", true);
                    for (int f = 0; f < frames; f++) {
                        String frame = "[\"getStats\",\"PC_0\",{\"IT01V1\":{\"timestamp\":"
                                + (1758602115670L + f * 1000L) + ",\"bytesReceived\":" + (f * 12_345)
                                + ",\"packetsReceived\":" + (f * 100) + "}},1000]";
                        chain = chain.thenCompose(s -> s.sendText(frame, true));
                    }
                    return chain.thenCompose(s -> {
                        closedAt.put(session, System.currentTimeMillis());
                        return s.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
                    });
                })
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        REPORT.printf("session %s failed: %s%n", session, error);
                    }
                    done.complete(null);
                });
    }

    private void poll(URI clickhouse, String conference) {
        String query = "SELECT session, toUnixTimestamp64Milli(inserted_at) FROM sessions FINAL WHERE conference = '"
                + conference + "' FORMAT TabSeparated";
        try {
            String body = http.send(
                            HttpRequest.newBuilder(clickhouse)
                                    .POST(HttpRequest.BodyPublishers.ofString(query))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long now = System.currentTimeMillis();
            for (String line : body.split("\n")) {
                String[] fields = line.split("\t");
                if (fields.length == 2 && fields[1].matches("\\d+")) {
                    seenAt.putIfAbsent(fields[0], now);
                    insertedAt.putIfAbsent(fields[0], Long.parseLong(fields[1]));
                }
            }
        } catch (Exception e) {
            REPORT.printf("poll failed: %s%n", e);
        }
    }

    private void report(int sessions, long elapsedMillis) throws Exception {
        List<Long> queryable = new ArrayList<>();
        List<Long> inserted = new ArrayList<>();
        closedAt.forEach((session, closed) -> {
            Long seen = seenAt.get(session);
            if (seen != null) {
                queryable.add(seen - closed);
                inserted.add(insertedAt.get(session) - closed);
            }
        });
        queryable.sort(null);
        inserted.sort(null);
        REPORT.printf(
                "%d of %d sessions closed, %d rows queryable, run %.1f s; load average at end %s%n",
                closedAt.size(), sessions, queryable.size(), elapsedMillis / 1000.0, loadAverage());
        REPORT.printf(
                "socket close -> row queryable (poll): p50 %d ms, p99 %d ms, max %d ms%n",
                percentile(queryable, 0.50), percentile(queryable, 0.99), last(queryable));
        REPORT.printf(
                "socket close -> inserted_at (sink insert): p50 %d ms, p99 %d ms, max %d ms%n",
                percentile(inserted, 0.50), percentile(inserted, 0.99), last(inserted));
    }

    private static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static long percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * quantile));
    }

    private static long last(List<Long> sorted) {
        return sorted.isEmpty() ? -1 : sorted.getLast();
    }
}
