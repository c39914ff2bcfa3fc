package dev.rtcstats.pipeline.sink.lake;

import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.testsupport.ClickHouseRows;
import dev.rtcstats.pipeline.testsupport.EmbeddedInfra;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the Parquet lake on a day of synthetic time series: rows/s through the writer ({@link PartitionBatch},
 * one thread, rolls of {@code SINK_LAKE_ROLL_BYTES}), upload to S3Proxy, bytes per sample in Parquet and in
 * ClickHouse's {@code stats_timeseries} (same rows, merged), and the time to query one conference both ways. Not a
 * test; run by hand (docs/benchmarks.md). Arguments: {@code [conferences] [participants] [seconds] [metrics]}.
 */
final class LakeBenchmark {
    private static final String[][] METRICS = {
        {"candidate-pair", "CP01", "currentRoundTripTime"}, {"candidate-pair", "CP01", "availableOutgoingBitrate"},
        {"candidate-pair", "CP01", "bytesSent"}, {"candidate-pair", "CP01", "bytesReceived"},
        {"inbound-rtp", "IT01A", "packetsReceived"}, {"inbound-rtp", "IT01A", "packetsLost"},
        {"inbound-rtp", "IT01A", "jitter"}, {"inbound-rtp", "IT01A", "bytesReceived"},
        {"inbound-rtp", "IT01V", "packetsReceived"}, {"inbound-rtp", "IT01V", "packetsLost"},
        {"inbound-rtp", "IT01V", "framesDecoded"}, {"inbound-rtp", "IT01V", "bytesReceived"},
        {"inbound-rtp", "IT01V", "framesPerSecond"}, {"inbound-rtp", "IT01V", "totalDecodeTime"},
        {"outbound-rtp", "OT01A", "packetsSent"}, {"outbound-rtp", "OT01A", "bytesSent"},
        {"outbound-rtp", "OT01V", "packetsSent"}, {"outbound-rtp", "OT01V", "bytesSent"},
        {"outbound-rtp", "OT01V", "framesEncoded"}, {"outbound-rtp", "OT01V", "qpSum"},
        {"outbound-rtp", "OT01V", "framesPerSecond"}, {"outbound-rtp", "OT01V", "targetBitrate"},
        {"remote-inbound-rtp", "RI01V", "roundTripTime"}, {"remote-inbound-rtp", "RI01V", "fractionLost"},
        {"media-source", "SV01", "framesPerSecond"}, {"media-source", "SA01", "audioLevel"},
        {"transport", "T01", "bytesSent"}, {"transport", "T01", "bytesReceived"},
        {"inbound-rtp", "IT01A", "concealedSamples"}, {"inbound-rtp", "IT01A", "totalSamplesReceived"}
    };

    private LakeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int conferences = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int participants = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int metrics = args.length > 3 ? Math.min(Integer.parseInt(args[3]), METRICS.length) : 20;
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path dir = Files.createTempDirectory("lake-bench");
        print(
                "load average %s; %d conferences x %d participants x %d s x %d metrics on %s",
                loadAverage(), conferences, participants, seconds, metrics, day);

        // 1. Writer: records as the enricher emits them (at most 5,000 samples each), one source partition.
        List<StatsSeries> records = generate(day, conferences, participants, seconds, metrics);
        long samples = records.stream().mapToLong(r -> r.samples().size()).sum();
        LakeConfig config = new LakeConfig("bench", "lake", 128L << 20, Duration.ofMinutes(5), 8L << 20, 32, 3, dir);
        List<Roll> rolls = new ArrayList<>();
        long started = System.nanoTime();
        long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try (SpoolDir spool = SpoolDir.open(dir)) {
            TopicPartition source = new TopicPartition("rtcstats.stats.v1", 0);
            PartitionBatch batch = new PartitionBatch(source, 0, OptionalLong.empty());
            long offset = 0;
            for (StatsSeries record : records) {
                for (LakeRow row : StatsTable.rows(record)) {
                    batch.write(row, spool, config);
                }
                batch.handled(offset++, Instant.now());
                if (batch.isDue(Instant.now(), config.rollInterval(), config.rollBytes())) {
                    Roll roll = batch.close(new LakeLayout("lake"));
                    rolls.add(roll);
                    batch = new PartitionBatch(source, roll.end(), OptionalLong.empty());
                }
            }
            rolls.add(batch.close(new LakeLayout("lake")));
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1e9;
            long bytes = rolls.stream()
                    .flatMap(roll -> roll.files().stream())
                    .mapToLong(Roll.File::bytes)
                    .sum();
            print(
                    "parquet write: %,d rows in %.2f s = %,.0f rows/s (writer thread %.2f CPU s = %,.0f rows per"
                            + " CPU-second); %d files, %,d bytes = %.3f bytes/sample",
                    samples,
                    writeSeconds,
                    samples / writeSeconds,
                    cpuSeconds,
                    samples / cpuSeconds,
                    rolls.stream().mapToInt(r -> r.files().size()).sum(),
                    bytes,
                    (double) bytes / samples);

            try (TestInfra infra = EmbeddedInfra.start()) {
                upload(infra, rolls, samples);
                compareWithClickHouse(infra, day, conferences, samples);
            }
        }
    }

    private static void upload(TestInfra infra, List<Roll> rolls, long samples) throws Exception {
        MinioClient minio = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region(infra.s3Region())
                .build();
        minio.makeBucket(MakeBucketArgs.builder().bucket("lake-bench").build());
        long started = System.nanoTime();
        for (Roll roll : rolls) {
            for (Roll.File file : roll.files()) {
                minio.uploadObject(UploadObjectArgs.builder()
                        .bucket("lake-bench")
                        .object(file.key())
                        .filename(file.path().toString())
                        .build());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print("upload to S3Proxy: %.2f s (%,.0f rows/s)", seconds, samples / seconds);
    }

    private static void compareWithClickHouse(TestInfra infra, LocalDate day, int conferences, long samples)
            throws Exception {
        String url = infra.clickhouseJdbcUrl().replace("/default", "/lake_bench");
        execute(infra.clickhouseJdbcUrl(), "CREATE DATABASE IF NOT EXISTS lake_bench");
        execute(url, migration());
        String s3 = "s3('%s/lake-bench/lake/stats_timeseries/tenant=bench/date=%s/*.parquet', '%s', '%s', 'Parquet')"
                .formatted(infra.s3Endpoint(), day, infra.s3AccessKey(), infra.s3SecretKey());
        long started = System.nanoTime();
        execute(url, "INSERT INTO stats_timeseries SELECT * FROM " + s3);
        execute(url, "OPTIMIZE TABLE stats_timeseries FINAL");
        print("clickhouse load from parquet + merge: %.2f s", (System.nanoTime() - started) / 1e9);
        Map<String, String> parts = ClickHouseRows.query(
                        url,
                        "SELECT sum(rows) AS rows,"
                                + " sum(data_compressed_bytes) AS compressed, sum(bytes_on_disk) AS on_disk FROM system.parts"
                                + " WHERE database = 'lake_bench' AND table = 'stats_timeseries' AND active")
                .getFirst();
        print(
                "clickhouse stats_timeseries: %s rows, %s compressed bytes = %.3f bytes/sample (%s bytes on disk = %.3f)",
                parts.get("rows"),
                parts.get("compressed"),
                Long.parseLong(parts.get("compressed")) / (double) samples,
                parts.get("on_disk"),
                Long.parseLong(parts.get("on_disk")) / (double) samples);
        String conference = "bench-conference-" + (conferences / 2);
        String aggregate = "SELECT metric, count() AS n, round(avg(value), 6) AS mean FROM %s WHERE conference = '"
                + conference + "' GROUP BY metric ORDER BY metric";
        String table = aggregate.formatted("stats_timeseries FINAL");
        String lake = aggregate.formatted(s3);
        String dayGlob = s3.replace("tenant=bench/date=" + day, "**");
        if (!ClickHouseRows.query(url, table).equals(ClickHouseRows.query(url, lake))) {
            throw new IllegalStateException("the lake and the table disagree for " + conference);
        }
        print(
                "query one conference over the day (median of 5, ms): clickhouse table %.1f, s3() one day's"
                        + " partition %.1f, s3() every partition %.1f",
                median(url, table), median(url, lake), median(url, aggregate.formatted(dayGlob)));
    }

    private static double median(String url, String sql) throws Exception {
        ClickHouseRows.query(url, sql);
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            ClickHouseRows.query(url, sql);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[2];
    }

    private static List<StatsSeries> generate(
            LocalDate day, int conferences, int participants, int seconds, int metrics) {
        Random random = new Random(7);
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long spacing = 86_400_000L / conferences;
        List<StatsSeries> records = new ArrayList<>();
        for (int c = 0; c < conferences; c++) {
            long start = dayStart + c * spacing;
            for (int p = 0; p < participants; p++) {
                String connection = "bench-%d-%d-%08x".formatted(c, p, random.nextInt());
                double[] values = new double[metrics];
                List<StatsSeries.Sample> samples = new ArrayList<>();
                for (int t = 0; t < seconds; t++) {
                    for (int m = 0; m < metrics; m++) {
                        boolean counter = METRICS[m][2].startsWith("bytes")
                                || METRICS[m][2].startsWith("packets")
                                || METRICS[m][2].startsWith("frames")
                                || METRICS[m][2].startsWith("total");
                        values[m] = counter ? values[m] + 50 + random.nextInt(1_000) : random.nextDouble();
                        samples.add(new StatsSeries.Sample(
                                "PC_0", METRICS[m][1], METRICS[m][0], METRICS[m][2], start + 1_000L * t, values[m]));
                        if (samples.size() == 5_000) {
                            records.add(series(connection, c, start, samples));
                            samples = new ArrayList<>();
                        }
                    }
                }
                if (!samples.isEmpty()) {
                    records.add(series(connection, c, start, samples));
                }
            }
        }
        return records;
    }

    private static StatsSeries series(String connection, int conference, long start, List<StatsSeries.Sample> samples) {
        return new StatsSeries(
                StatsSeries.FORMAT,
                connection,
                "user",
                "bench-conference-" + conference,
                "session-" + connection,
                "bench",
                start,
                1,
                samples);
    }

    private static String migration() throws Exception {
        try (InputStream in = LakeBenchmark.class.getResourceAsStream("/db/clickhouse/004_stats_timeseries.sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder sql = new StringBuilder();
            text.lines()
                    .filter(line -> !line.startsWith("--"))
                    .forEach(line -> sql.append(line).append('\n'));
            return sql.toString().strip().replaceAll(";$", "");
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "default", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
