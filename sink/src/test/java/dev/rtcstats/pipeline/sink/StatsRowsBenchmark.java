package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.testsupport.ClickHouseRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Time series samples per second on one thread: decoding {@code rtcstats.stats.v1} records and encoding their rows in
 * RowBinary ({@link StatsRows}); then, given a ClickHouse HTTP endpoint, inserting them batch by batch as the sink
 * does and telling where the server's CPU went. Given the pid of our chDB front (ClickHouseServerMain), it splits
 * that process's CPU into the front's request threads outside the engine, the engine's calls on those threads, the
 * engine's own threads (pipelines, merges) and the JVM's housekeeping (GC, JIT), from /proc and the front's
 * {@code /front-cpu}; the engine's ProfileEvents (system.events) come from any server. Not a test; see
 * docs/benchmarks.md. Arguments: {@code records [clickhouseUrl [recordsPerInsert [serverPid]]]}.
 */
final class StatsRowsBenchmark {
    private static final String[][] METRICS = {
        {"inbound-rtp", "bytesReceived"},
        {"inbound-rtp", "packetsReceived"},
        {"inbound-rtp", "packetsLost"},
        {"inbound-rtp", "jitter"},
        {"inbound-rtp", "framesPerSecond"},
        {"outbound-rtp", "bytesSent"},
        {"outbound-rtp", "packetsSent"},
        {"outbound-rtp", "framesPerSecond"},
        {"outbound-rtp", "qualityLimitationDurations.cpu"},
        {"candidate-pair", "currentRoundTripTime"}
    };
    private static final List<String> EVENTS = List.of(
            "InsertedRows",
            "InsertQueryTimeMicroseconds",
            "OSCPUVirtualTimeMicroseconds",
            "MergeTreeDataWriterSortingBlocksMicroseconds",
            "MergedRows",
            "MergeTotalMilliseconds");
    /** Thread names (/proc/pid/task/tid/comm, 15 characters) of the JVM's own threads. */
    private static final List<String> JVM_THREADS = List.of(
            "GC Thread",
            "G1 ",
            "C1 CompilerThre",
            "C2 CompilerThre",
            "VM ",
            "Common-Cleaner",
            "Signal Dispatch",
            "Finalizer",
            "Reference Handl",
            "Notification Th",
            "Service Thread",
            "Monitor Deflati",
            "Attach Listener",
            "JFR ",
            "java");

    private StatsRowsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        List<StatsSeries> series = series(records);
        List<ConsumerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            input.clear();
            long cpu = cpuNanos();
            long bytes = 0;
            for (StatsSeries one : series) {
                byte[] value = SinkFixture.STATS.toBytes(one);
                bytes += value.length;
                input.add(new ConsumerRecord<>("stats", 0, input.size(), null, value));
            }
            double seconds = (cpuNanos() - cpu) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: JSON encode (the enricher's side) %d samples, %.1f bytes per sample, in %.3f CPU-s ="
                            + " %.0f samples/s per core%n",
                    round,
                    records * 5_000,
                    bytes / (records * 5_000.0),
                    seconds,
                    records * 5_000 / seconds);
        }
        StatsRows rows = new StatsRows(Schemas.stats(), new SinkMetrics(new SimpleMeterRegistry()));
        int samples = records * 5_000;
        for (int round = 0; round < 5; round++) {
            RowBatch batch = new RowBatch();
            long cpu = cpuNanos();
            for (ConsumerRecord<byte[], byte[]> record : input) {
                rows.encode(record, batch.add(record, Instant.EPOCH), batch);
            }
            double seconds = (cpuNanos() - cpu) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: decode+encode %d samples (%d rows) in %.3f CPU-s = %.0f samples/s per core%n",
                    round,
                    samples,
                    batch.rows(),
                    seconds,
                    samples / seconds);
        }
        if (args.length > 1) {
            int perInsert = args.length > 2 ? Integer.parseInt(args[2]) : 20;
            Long pid = args.length > 3 ? Long.valueOf(args[3]) : null;
            insert(args[1], input, rows, perInsert, pid);
        }
    }

    private static void insert(
            String url, List<ConsumerRecord<byte[], byte[]>> input, StatsRows rows, int perInsert, Long pid)
            throws Exception {
        String database = "bench_" + System.nanoTime();
        SinkFixture.execute(url, "CREATE DATABASE " + database);
        String databaseUrl = url.replace("/default", "/" + database);
        new MigrationRunner(new ClickHouse(databaseUrl, "default", "")).migrate(Migrations.fromClasspath());
        ClickHouseSettings settings =
                new ClickHouseSettings(databaseUrl, "default", new Secret(""), false, Duration.ofMinutes(5), null);
        Map<String, Double> eventsBefore = events(databaseUrl);
        Map<String, Double> threadsBefore = pid == null ? Map.of() : threadCpu(pid);
        Map<String, Double> frontBefore = pid == null ? Map.of() : frontCpu(url);
        long clientCpu = 0;
        long insertedRows = 0;
        long bytes = 0;
        long wall = System.nanoTime();
        try (ClickHouseInserter inserter = new ClickHouseInserter(settings)) {
            for (int from = 0; from < input.size(); from += perInsert) {
                RowBatch batch = new RowBatch();
                for (ConsumerRecord<byte[], byte[]> record :
                        input.subList(from, Math.min(input.size(), from + perInsert))) {
                    rows.encode(record, batch.add(record, Instant.EPOCH), batch);
                }
                TableBatch table = batch.tables().iterator().next();
                long cpu = cpuNanos();
                inserter.insert(StatsRows.TABLE, table.schema().names(), table.array(), 0, table.bytes());
                clientCpu += cpuNanos() - cpu;
                insertedRows += table.rows();
                bytes += table.bytes();
            }
        }
        double seconds = (System.nanoTime() - wall) / 1e9;
        Thread.sleep(20_000); // merges of the inserted parts belong to the cost of the inserts
        long samples = input.size() * 5_000L;
        System.out.printf(
                Locale.ROOT,
                "insert: %d samples as %d rows in %d inserts, %.1f MB RowBinary, %.2f s wall; client CPU %.2f s%n",
                samples,
                insertedRows,
                (input.size() + perInsert - 1) / perInsert,
                bytes / 1e6,
                seconds,
                clientCpu / 1e9);
        Map<String, Double> eventsAfter = events(databaseUrl);
        for (String event : EVENTS) {
            System.out.printf(
                    Locale.ROOT,
                    "  engine %s: %.0f%n",
                    event,
                    eventsAfter.getOrDefault(event, 0.0) - eventsBefore.getOrDefault(event, 0.0));
        }
        if (pid != null) {
            printServerSplit(pid, url, samples, threadsBefore, frontBefore);
        }
        SinkFixture.execute(databaseUrl, "OPTIMIZE TABLE " + StatsRows.TABLE + " FINAL");
        System.out.println("on disk: "
                + ClickHouseRows.query(
                                databaseUrl,
                                "SELECT sum(rows) AS rows, sum(bytes_on_disk) AS disk FROM system.parts"
                                        + " WHERE database = currentDatabase() AND active"
                                        + " AND table = '" + StatsRows.TABLE + "'")
                        .getFirst()
                + " for " + samples + " samples");
        SinkFixture.execute(url, "DROP DATABASE " + database);
    }

    private static void printServerSplit(
            long pid, String url, long samples, Map<String, Double> threadsBefore, Map<String, Double> frontBefore)
            throws Exception {
        Map<String, Double> threads = threadCpu(pid);
        Map<String, Double> front = frontCpu(url);
        double total = threads.get("process") - threadsBefore.get("process");
        double jvm = threads.get("jvm") - threadsBefore.get("jvm");
        double handlers = (front.get("handler_cpu_ns") - frontBefore.get("handler_cpu_ns")) / 1e9;
        double engineCalls = (front.get("engine_call_cpu_ns") - frontBefore.get("engine_call_cpu_ns")) / 1e9;
        double engineThreads = total - jvm - handlers;
        System.out.printf(
                Locale.ROOT,
                "server process CPU %.2f s = %.2f us per sample: front outside the engine %.2f s (%.0f%%), engine"
                        + " calls on front threads %.2f s, engine threads %.2f s, JVM housekeeping %.2f s%n",
                total,
                total * 1e6 / samples,
                handlers - engineCalls,
                (handlers - engineCalls) * 100 / total,
                engineCalls,
                engineThreads,
                jvm);
    }

    /** Per-process CPU seconds from /proc: the whole process, and the JVM's own live threads. */
    private static Map<String, Double> threadCpu(long pid) throws IOException {
        Map<String, Double> cpu = new HashMap<>();
        cpu.put("process", ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / 100.0);
        double jvm = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (JVM_THREADS.stream().anyMatch(name::startsWith)) {
                        jvm += ticks(Files.readString(task.resolve("stat"))) / 100.0;
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        cpu.put("jvm", jvm);
        return cpu;
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static Map<String, Double> frontCpu(String jdbcUrl) throws Exception {
        URI base = URI.create(jdbcUrl.replace("jdbc:clickhouse:", ""));
        String body;
        try (HttpClient http = HttpClient.newHttpClient()) {
            body = http.send(
                            HttpRequest.newBuilder(base.resolve("/front-cpu")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        Map<String, Double> values = new HashMap<>();
        for (String line : body.split("\n")) {
            String[] parts = line.split(" ");
            values.put(parts[0], Double.parseDouble(parts[1]));
        }
        return values;
    }

    private static Map<String, Double> events(String url) throws Exception {
        Map<String, Double> values = new HashMap<>();
        for (Map<String, String> row : ClickHouseRows.query(url, "SELECT event, value FROM system.events")) {
            values.put(row.get("event"), Double.parseDouble(row.get("value")));
        }
        return values;
    }

    /**
     * Realistic records: one connection each, 6 reports of each of 3 types with 10 metrics between them, one poll a
     * second, 5,000 samples.
     */
    private static List<StatsSeries> series(int count) {
        Random random = new Random(7);
        List<StatsSeries> records = new ArrayList<>();
        long start = System.currentTimeMillis() / 1000 * 1000 - 3_600_000L;
        for (int r = 0; r < count; r++) {
            List<StatsSeries.Sample> samples = new ArrayList<>(5_000);
            double[] counters = new double[60];
            for (int poll = 0; samples.size() < 5_000; poll++) {
                for (int report = 0; report < 6 && samples.size() < 5_000; report++) {
                    for (int m = 0; m < METRICS.length && samples.size() < 5_000; m++) {
                        counters[report * 10 + m] += random.nextInt(50_000);
                        samples.add(new StatsSeries.Sample(
                                "PC_" + (report % 2),
                                METRICS[m][0].substring(0, 2).toUpperCase(Locale.ROOT) + "01V" + (1000 + report),
                                METRICS[m][0],
                                METRICS[m][1],
                                start + poll * 1_000L,
                                counters[report * 10 + m]));
                    }
                }
            }
            records.add(new StatsSeries(
                    StatsSeries.FORMAT,
                    "conn-" + r,
                    "user-" + r,
                    "room-" + (r / 8),
                    "session-" + r,
                    "acme",
                    start,
                    1,
                    samples));
        }
        return records;
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
