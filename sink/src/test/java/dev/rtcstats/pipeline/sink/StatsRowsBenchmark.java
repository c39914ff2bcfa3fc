package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.StatsSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Time series rows per second on one thread: decoding {@code rtcstats.stats.v1} records and encoding their rows in
 * RowBinary ({@link StatsRows}), and optionally inserting them into a running ClickHouse HTTP endpoint and reading
 * bytes on disk per sample. Not a test; see docs/benchmarks.md. Arguments: {@code records [clickhouseUrl]}.
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

    private StatsRowsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        List<ConsumerRecord<byte[], byte[]>> input = records(records);
        SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry());
        StatsRows rows = new StatsRows(Schemas.stats(), metrics);
        RowBatch batch = null;
        for (int round = 0; round < 5; round++) {
            batch = new RowBatch();
            long cpu = cpuNanos();
            for (ConsumerRecord<byte[], byte[]> record : input) {
                rows.encode(record, batch.add(record, Instant.EPOCH), batch);
            }
            double seconds = (cpuNanos() - cpu) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: decode+encode %d rows in %.3f CPU-s = %.0f rows/s per core%n",
                    round,
                    batch.rows(),
                    seconds,
                    batch.rows() / seconds);
        }
        if (args.length > 1) {
            insert(args[1], batch);
        }
    }

    private static void insert(String url, RowBatch batch) throws Exception {
        String database = "bench_" + System.nanoTime();
        SinkFixture.execute(url, "CREATE DATABASE " + database);
        String databaseUrl = url.replace("/default", "/" + database);
        new MigrationRunner(new ClickHouse(databaseUrl, "default", "")).migrate(Migrations.fromClasspath());
        ClickHouseSettings settings =
                new ClickHouseSettings(databaseUrl, "default", new Secret(""), false, Duration.ofMinutes(5), null);
        TableBatch table = batch.tables().iterator().next();
        try (ClickHouseInserter inserter = new ClickHouseInserter(settings)) {
            long wall = System.nanoTime();
            long cpu = cpuNanos();
            inserter.insert(StatsRows.TABLE, table.schema().names(), table.array(), 0, table.bytes());
            double seconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "insert: %d rows, %.1f MB RowBinary in %.2f s wall = %.0f rows/s; client CPU %.2f s%n",
                    table.rows(),
                    table.bytes() / 1e6,
                    seconds,
                    table.rows() / seconds,
                    (cpuNanos() - cpu) / 1e9);
        }
        SinkFixture.execute(databaseUrl, "OPTIMIZE TABLE stats_timeseries FINAL");
        Map<String, String> parts = dev.rtcstats.pipeline.testsupport.ClickHouseRows.query(
                        databaseUrl,
                        "SELECT sum(rows) AS samples, sum(bytes_on_disk) AS disk, disk / samples AS bytes_per_sample"
                                + " FROM system.parts WHERE database = currentDatabase() AND active"
                                + " AND table = 'stats_timeseries'")
                .getFirst();
        System.out.println("on disk: " + parts);
    }

    /** Realistic records: one connection each, 10 metrics on 6 reports, one poll a second, 5,000 samples. */
    private static List<ConsumerRecord<byte[], byte[]>> records(int count) {
        Random random = new Random(7);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
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
                                "IT01V" + (1000 + report),
                                METRICS[m][0],
                                METRICS[m][1],
                                start + poll * 1_000L,
                                counters[report * 10 + m]));
                    }
                }
            }
            StatsSeries series = new StatsSeries(
                    StatsSeries.FORMAT,
                    "conn-" + r,
                    "user-" + r,
                    "room-" + (r / 8),
                    "session-" + r,
                    "acme",
                    start,
                    1,
                    samples);
            records.add(new ConsumerRecord<>("stats", 0, r, null, SinkFixture.STATS.toBytes(series)));
        }
        return records;
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
