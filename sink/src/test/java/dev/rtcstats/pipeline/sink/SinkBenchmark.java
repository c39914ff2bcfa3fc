package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.testsupport.EmbeddedInfra;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Load generator for the sink against the embedded Kafka, S3Proxy and chDB: pre-produces sessions, features and
 * dumps, starts a sink and reports how fast it drains them (times include the sink's start, about 0.5 s). Not a
 * test; run it by hand (see the sink README). Arguments: {@code [sessions] [dumps] [dumpKiB]}; 0 skips a part.
 */
final class SinkBenchmark {
    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int dumps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int dumpKib = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        try (TestInfra infra = EmbeddedInfra.start();
                SinkFixture fixture = new SinkFixture(
                        infra, Path.of(System.getProperty("java.io.tmpdir"), "sink-bench-" + System.nanoTime()))) {
            fixture.env.put("SINK_BATCH_ROWS", "10000");
            fixture.env.put("SINK_BATCH_INTERVAL", "1s");
            fixture.env.put("SINK_S3_PART_SIZE", Long.toString(16L * 1024 * 1024));
            fixture.prepareSchema();
            for (int i = 0; i < sessions; i++) {
                String id = "bench-" + i;
                fixture.produceSessionAsync(SinkFixture.session(id, "bench-room-" + (i % 100), "u" + i, 1));
                fixture.produceFeaturesAsync(SinkFixture.features(id, "bench-room-" + (i % 100)));
            }
            byte[] dump = new byte[dumpKib * 1024];
            Random random = new Random(7);
            for (int i = 0; i < dumps; i++) {
                // Half random, half repeated text: roughly the 2-3x gzip ratio of real dumps.
                random.nextBytes(dump);
                Arrays.fill(dump, dump.length / 2, dump.length, (byte) 'x');
                fixture.produceDump("dump-" + i, dump, 256 * 1024);
            }
            fixture.flush();
            System.out.printf(
                    Locale.ROOT,
                    "produced %d sessions (+%d feature records, %d rows each) and %d dumps of" + " %d KiB%n",
                    sessions,
                    sessions,
                    3,
                    dumps,
                    dumpKib);

            try (SinkService sink = new SinkService(fixture.config())) {
                long start = System.nanoTime();
                sink.start();
                SinkMetrics metrics = sink.metrics();
                double rowsTotal = sessions * 4.0;
                double rowSeconds = await(start, () -> counter(metrics, "rtcstats.sink.rows.written"), rowsTotal);
                double blobSeconds = await(
                        start,
                        () -> metrics.registry()
                                .get("rtcstats.sink.blobs.written")
                                .counter()
                                .count(),
                        dumps);
                double dumpMb = dumps * (double) dumpKib / 1024;
                double gzMb = metrics.registry()
                                .get("rtcstats.sink.blob.compressed")
                                .counter()
                                .count()
                        / 1024
                        / 1024;
                if (sessions > 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "ClickHouse: %d sessions in %.2f s = %.0f sessions/s; %.0f rows"
                                    + " (sessions + features) = %.0f rows/s%n",
                            sessions,
                            rowSeconds,
                            sessions / rowSeconds,
                            rowsTotal,
                            rowsTotal / rowSeconds);
                }
                if (dumps > 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "S3: %d dumps, %.1f MB uncompressed (%.1f MB gzip) in %.2f s ="
                                    + " %.1f MB/s uncompressed, %.1f MB/s gzip, %.1f blobs/s%n",
                            dumps,
                            dumpMb,
                            gzMb,
                            blobSeconds,
                            dumpMb / blobSeconds,
                            gzMb / blobSeconds,
                            dumps / blobSeconds);
                }
            }
        }
        System.exit(0);
    }

    private static double counter(SinkMetrics metrics, String name) {
        return metrics.registry().find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static double await(long start, DoubleSupplier progress, double target) throws InterruptedException {
        while (progress.getAsDouble() < target) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
