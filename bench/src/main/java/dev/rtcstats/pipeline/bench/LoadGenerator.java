package dev.rtcstats.pipeline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays rtcStats traffic against a server on 127.0.0.1 (our gateway or the reference rtcstats-server) and prints
 * a report. Phase 1 opens idle connections and reads heap and RSS; phase 2 runs N connections that each send a
 * getStats-sized frame (1-7 KB, or the lines of a dump file) every interval for a bounded time, reads the server's
 * CPU seconds from /proc around the sending window, and, for the gateway, consumes the frames topic to match every
 * frame: throughput, frames per CPU-second, client-send-to-consumable latency and the gateway's own
 * frame-to-Kafka-ack percentiles. The two phases stay one method each, longer than most, so that a reader can
 * check what was measured between which readings top to bottom; frames and readings are {@link BenchFrames} and
 * {@link GatewayScrape}.
 *
 * <pre>
 * --gateway ws://127.0.0.1:8080/   --metrics http://127.0.0.1:8080/metrics|none   --kafka 127.0.0.1:9092|none
 * --topic rtcstats.frames.v1  --connections 200  --seconds 30  --interval-ms 1000  --idle 1000
 * --secret S (optional: HS256 token per connection)  --server-pid PID[,PID] (optional: CPU and RSS from /proc, summed; with
 * metrics, runs jcmd GC.run before heap readings)  --memory-sample true (optional: heap and RSS halfway through
 * the load)  --settle-s N (optional: a second CPU reading N s after the sockets closed)
 * --dump path/to/dump (optional: replay its frames)  --raw true (optional: send the dump's frames unchanged, without
 * the match id; use with --kafka none)
 * </pre>
 */
public final class LoadGenerator {
    private final Map<String, String> options;
    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newHttpClient();

    private final GatewayScrape scrape;

    private LoadGenerator(Map<String, String> options) {
        this.options = options;
        this.scrape = new GatewayScrape(http, options.get("server-pid"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new LoadGenerator(options).run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        URI gateway = URI.create(option("gateway", "ws://127.0.0.1:8080/"));
        String metricsOption = option("metrics", "http://127.0.0.1:8080/metrics");
        URI metrics = metricsOption.equals("none") ? null : URI.create(metricsOption);
        if (!Set.of("127.0.0.1", "localhost").contains(gateway.getHost())
                || metrics != null && !Set.of("127.0.0.1", "localhost").contains(metrics.getHost())) {
            throw new IllegalArgumentException("the load generator only targets 127.0.0.1");
        }
        int idle = Integer.parseInt(option("idle", "1000"));
        int connections = Math.min(Integer.parseInt(option("connections", "200")), 5000);
        long seconds = Math.min(Long.parseLong(option("seconds", "30")), 600);
        long intervalMillis = Math.max(10, Long.parseLong(option("interval-ms", "1000")));
        out.printf(
                "server %s, %d idle connections, then %d connections x %d s, one frame per %d ms; cores %d, "
                        + "load average %s%n",
                gateway,
                idle,
                connections,
                seconds,
                intervalMillis,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        measureIdle(gateway, metrics, idle);
        measureLoad(gateway, metrics, connections, seconds, intervalMillis);
    }

    private void measureIdle(URI gateway, URI metrics, int idle) throws Exception {
        if (idle <= 0) {
            return;
        }
        Map<String, Double> before = scrape.scrape(metrics, true);
        List<WebSocket> sockets = open(gateway, idle, "idle");
        Map<String, Double> after = scrape.scrape(metrics, true);
        double heapPerThousand = (after.get("heap") - before.get("heap")) * 1000 / idle;
        double rssPerThousand = (after.get("rss") - before.get("rss")) * 1000 / idle;
        out.printf(
                "idle: %d connections open (gateway reports %.0f); heap %.1f MiB -> %.1f MiB, RSS %.1f MiB -> "
                        + "%.1f MiB; per 1,000 idle connections: heap %.2f MiB, RSS %.2f MiB%n",
                idle,
                after.get("open"),
                mib(before.get("heap")),
                mib(after.get("heap")),
                mib(before.get("rss")),
                mib(after.get("rss")),
                mib(heapPerThousand),
                mib(rssPerThousand));
        closeAll(sockets);
    }

    private void measureLoad(URI gateway, URI metrics, int connections, long seconds, long intervalMillis)
            throws Exception {
        List<String> replay = BenchFrames.dumpLines(options.get("dump"));
        Map<String, Double> baseline = scrape.scrape(metrics, true);
        Map<String, Double> before = scrape.scrape(metrics, false);
        List<WebSocket> sockets = open(gateway, connections, "load");
        Set<String> sentIds = ConcurrentHashMap.newKeySet();
        // Raw replays send the recorded frames byte for byte, without the id that matches them on the topic.
        boolean raw = Boolean.parseBoolean(option("raw", "false")) && !replay.isEmpty();
        AtomicLong sendFailures = new AtomicLong();
        AtomicBoolean sending = new AtomicBoolean(true);
        String kafka = option("kafka", "127.0.0.1:9092");
        TopicMatcher matcher = kafka.equals("none")
                ? null
                : new TopicMatcher(kafka, option("topic", "rtcstats.frames.v1"), sentIds, sending);
        Thread consumer = matcher == null
                ? null
                : Thread.ofPlatform().name("bench-consumer").start(matcher);
        if (matcher != null) {
            matcher.awaitAssigned();
        }
        ProcessStats server = options.containsKey("server-pid") ? ProcessStats.parse(options.get("server-pid")) : null;
        double cpuBefore = server == null ? Double.NaN : server.cpuSeconds();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        List<CompletableFuture<?>> pending =
                new ArrayList<>(Collections.nCopies(sockets.size(), CompletableFuture.completedFuture(null)));
        Random random = new Random(42);
        long started = System.currentTimeMillis();
        long[] frameIndex = new long[sockets.size()];
        for (int c = 0; c < sockets.size(); c++) {
            int connection = c;
            // Spread the connections over the interval, like clients that connected at different times.
            ticker.scheduleAtFixedRate(
                    () -> {
                        if (System.currentTimeMillis() - started >= seconds * 1000
                                || !pending.get(connection).isDone()) {
                            return;
                        }
                        String id = UUID.randomUUID().toString();
                        String frame = raw
                                ? replay.get((int) (frameIndex[connection]++ % replay.size()))
                                : BenchFrames.frame(replay, frameIndex[connection]++, id, random);
                        sentIds.add(id);
                        pending.set(
                                connection,
                                sockets.get(connection).sendText(frame, true).exceptionally(e -> {
                                    sendFailures.incrementAndGet();
                                    return null;
                                }));
                    },
                    intervalMillis * c / Math.max(1, sockets.size()),
                    intervalMillis,
                    TimeUnit.MILLISECONDS);
        }
        if (Boolean.parseBoolean(option("memory-sample", "false"))) {
            ticker.awaitTermination(seconds / 2, TimeUnit.SECONDS);
            Map<String, Double> active = scrape.scrape(metrics, true);
            out.printf(
                    "active: %d connections sending; heap %.1f MiB -> %.1f MiB, RSS %.1f MiB -> %.1f MiB; "
                            + "per 1,000 active connections: heap %.2f MiB, RSS %.2f MiB%n",
                    connections,
                    mib(baseline.get("heap")),
                    mib(active.get("heap")),
                    mib(baseline.get("rss")),
                    mib(active.get("rss")),
                    mib((active.get("heap") - baseline.get("heap")) * 1000 / connections),
                    mib((active.get("rss") - baseline.get("rss")) * 1000 / connections));
        }
        ticker.awaitTermination(
                Math.max(0, started + seconds * 1000 - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        ticker.shutdownNow();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long elapsed = System.currentTimeMillis() - started;
        // One more second lets the server finish what it received (Kafka acks, file writes) inside the window.
        Thread.sleep(1000);
        double cpu = server == null ? Double.NaN : server.cpuSeconds() - cpuBefore;
        String loadAtEnd = loadAverage();
        sending.set(false);
        if (consumer != null) {
            consumer.join(Duration.ofSeconds(90));
        }
        Map<String, Double> after = scrape.scrape(metrics, false);
        closeAll(sockets);
        long sent = sentIds.size();
        long settleSeconds = Math.min(Long.parseLong(option("settle-s", "0")), 120);
        if (server != null && settleSeconds > 0) {
            // What a server does once a connection closes (the reference post-processes its file) is part of its
            // cost per frame, so a second reading includes it.
            Thread.sleep(settleSeconds * 1000);
            double withClose = server.cpuSeconds() - cpuBefore;
            out.printf(
                    "server CPU including close processing (%d s after close): %.2f s = %.0f frames per "
                            + "CPU-second%n",
                    settleSeconds, withClose, sent / withClose);
        }
        out.printf(
                "load: %d frames sent in %.1f s = %.0f frames/s (%d send failures); load average at end %s%n",
                sent, elapsed / 1000.0, sent * 1000.0 / elapsed, sendFailures.get(), loadAtEnd);
        if (server != null) {
            out.printf(
                    "server CPU: %.2f s over the window (%.2f cores busy) = %.0f frames per CPU-second%n",
                    cpu, cpu * 1000 / (elapsed + 1000), sent / cpu);
        }
        if (matcher != null) {
            List<Long> latencies = matcher.latencies();
            latencies.sort(null);
            out.printf(
                    "%d matched on the topic; client send -> consumed from topic: p50 %d ms, p99 %d ms, "
                            + "max %d ms%n",
                    latencies.size(),
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    latencies.isEmpty() ? -1 : latencies.getLast());
        }
        if (metrics != null) {
            Map<Double, Double> ackBuckets = GatewayScrape.bucketDelta(before, after);
            out.printf(
                    "gateway frame -> Kafka ack (rtcstats_gateway_kafka_ack_seconds histogram): p50 <= %.1f ms, "
                            + "p99 <= %.1f ms%n",
                    GatewayScrape.histogramQuantile(ackBuckets, 0.50) * 1000,
                    GatewayScrape.histogramQuantile(ackBuckets, 0.99) * 1000);
            out.printf(
                    "back-pressure pauses during the run: %.0f%n",
                    after.getOrDefault("pauses", 0.0) - before.getOrDefault("pauses", 0.0));
        }
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private List<WebSocket> open(URI gateway, int count, String phase) {
        BenchToken token = options.containsKey("secret") ? new BenchToken(options.get("secret")) : null;
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<CompletableFuture<WebSocket>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            URI target = token == null
                    ? gateway
                    : URI.create(gateway + "?rtcstats-token="
                            + token.mint("bench-user-" + i, phase + "-" + run + "-" + i, "bench-" + phase + "-" + run));
            futures.add(http.newWebSocketBuilder()
                    .subprotocols("rtcstats#5.0")
                    .buildAsync(target, new WebSocket.Listener() {}));
            if (i % 100 == 99) {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .join();
            }
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static void closeAll(List<WebSocket> sockets) {
        sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
    }

    private static long percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * quantile));
    }

    private static double mib(double bytes) {
        return bytes / (1024 * 1024);
    }
}
