package dev.rtcstats.pipeline.enricher.bench;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.DumpFeatureExtraction;
import dev.rtcstats.pipeline.enricher.EnricherConfig;
import dev.rtcstats.pipeline.enricher.EnricherService;
import dev.rtcstats.pipeline.enricher.features.StatsSelection;
import dev.rtcstats.pipeline.enricher.replay.ReplayMain;
import dev.rtcstats.pipeline.testsupport.KafkaBrokerProcess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Enricher throughput on a real broker with exactly-once, assembly and feature extraction at close included. A broker
 * runs in a child JVM; {@code connections} calls are produced to the frames topic first, then the enricher ({@link
 * EnricherService}, the service itself) consumes that backlog until it has closed every connection. It prints frames
 * per second and frames per CPU-second, counting the CPU of this process (the enricher, with its producer and consumer
 * threads; the broker is the other process) and of the stream threads alone, measured from the first frame stored to
 * the last close, once in a cold JVM and once more, under another application id, with the JIT warm. Then a replay
 * ({@link ReplayMain}) of the whole topic is timed the same way, from its start. Each call is either {@link
 * SyntheticCall} with {@code polls} getStats polls, or, given a dump, that recorded call's frames verbatim ({@code
 * polls} ignored). A benchmark run by hand; nothing in the build runs it:
 *
 * <pre>
 * mvn -B -o -q -pl enricher -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=/tmp/enricher-bench-cp.txt
 * java -Xmx1g -cp "enricher/target/test-classes:enricher/target/classes:$(cat /tmp/enricher-bench-cp.txt)" \
 *   dev.rtcstats.pipeline.enricher.bench.EnricherThroughput CONNECTIONS POLLS STREAM_THREADS [DUMP]
 * </pre>
 */
public final class EnricherThroughput {
    private static final PrintStream REPORT = System.out;
    private static final Tags TAGS = new Tags("user", "bench-room", "session", null, "gw-bench");

    private EnricherThroughput() {}

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int polls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<String> recorded = args.length > 3 ? recordedFrames(Path.of(args[3])) : null;
        REPORT.printf(
                Locale.ROOT,
                "machine: %d cores, load average %s at the start%n",
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        Path state = Files.createTempDirectory("enricher-throughput");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            for (String topic : List.of(
                    Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES, Topics.STATS, Topics.DEAD_LETTERS)) {
                broker.createTopic(topic, 6);
            }
            Instant from = Instant.now().minusSeconds(60);
            Backlog backlog = produce(broker.bootstrapServers(), connections, polls, recorded);
            Instant to = Instant.now().plusSeconds(60);
            REPORT.printf(
                    Locale.ROOT,
                    "backlog: %d connections of %s, %d frames (%d records, %.0f B a frame on average), %d stream"
                            + " thread(s), exactly-once%n",
                    connections,
                    recorded == null ? polls + " synthetic polls" : "the recorded call " + args[3],
                    backlog.frames(),
                    backlog.records(),
                    (double) backlog.frameBytes() / backlog.frames(),
                    threads);
            // The same backlog twice, under two application ids: first in a cold JVM, then with the JIT warm.
            live("live, cold JVM", broker.bootstrapServers(), state.resolve("cold"), threads, connections, backlog);
            live("live, warm JVM", broker.bootstrapServers(), state.resolve("warm"), threads, connections, backlog);
            replay(broker.bootstrapServers(), state.resolve("replay"), threads, from, to, backlog);
            REPORT.printf(Locale.ROOT, "load average %s at the end%n", loadAverage());
        }
    }

    private static void live(String label, String bootstrap, Path state, int threads, int connections, Backlog backlog)
            throws Exception {
        EnricherConfig config = EnricherConfig.builder(bootstrap)
                .applicationName("bench-" + UUID.randomUUID().toString().substring(0, 8))
                .stateDir(state.toString())
                .httpPort(0)
                .set("ENRICHER_STREAM_THREADS", Integer.toString(threads))
                .set("ENRICHER_INSTANCE_ID", "none")
                .build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (EnricherService service =
                EnricherService.create(config, new DumpFeatureExtraction(StatsSelection.fromEnv(Map.of())), registry)) {
            service.start();
            // Start-up (RocksDB, the group join, the first fetch) is left out: the clock starts at the first frame.
            while (count(registry, "rtcstats.enricher.frames.stored") == 0) {
                Thread.sleep(5);
            }
            CpuClock clock = CpuClock.start();
            while (count(registry, "rtcstats.enricher.connections.closed") < connections) {
                Thread.sleep(20);
            }
            REPORT.println(clock.report(label, backlog.frames(), backlog.records()));
        }
    }

    private static void replay(String bootstrap, Path state, int threads, Instant from, Instant to, Backlog backlog) {
        CpuClock clock = CpuClock.start();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = ReplayMain.run(
                List.of("--from", from.toString(), "--to", to.toString(), "--version", "2"),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        bootstrap,
                        "ENRICHER_STATE_DIR",
                        state.toString(),
                        "ENRICHER_STREAM_THREADS",
                        Integer.toString(threads),
                        "ENRICHER_INSTANCE_ID",
                        "none",
                        "REPLAY_PROGRESS_INTERVAL",
                        "60s"),
                new PrintStream(console, true, StandardCharsets.UTF_8),
                new DumpFeatureExtraction(StatsSelection.fromEnv(Map.of())));
        REPORT.println(
                clock.report("replay, start-up included (exit " + exit + ")", backlog.frames(), backlog.records()));
    }

    private static double count(PrometheusMeterRegistry registry, String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The frames of a recorded rtcStats dump (after its two header lines), its own close left out. */
    private static List<String> recordedFrames(Path dump) throws IOException {
        List<String> lines = Files.readAllLines(dump, StandardCharsets.UTF_8);
        return lines.subList(2, lines.size()).stream()
                .filter(line -> line.startsWith("[") && !line.startsWith("[\"close\""))
                .toList();
    }

    /** What was produced: frames, records (frames, opens and closes) and frame bytes. */
    private record Backlog(long frames, long records, long frameBytes) {}

    /** Produces every connection's open, frames and close, as the gateway writes them. */
    private static Backlog produce(String bootstrap, int connections, int polls, List<String> recorded) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        long frames = 0;
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (int c = 0; c < connections; c++) {
                String id = UUID.randomUUID().toString();
                List<String> lines = recorded != null ? recorded : SyntheticCall.frames(polls, c);
                send(
                        producer,
                        new ConnectionEvent.Opened(
                                id,
                                TAGS,
                                now,
                                "{\"url\":\"/bench\",\"userAgent\":\"Mozilla/5.0 Chrome/131.0\",\"startTime\":" + now
                                        + ",\"fileFormat\":3}"));
                for (int f = 0; f < lines.size(); f++) {
                    byte[] payload = lines.get(f).getBytes(StandardCharsets.UTF_8);
                    send(producer, new ConnectionEvent.FrameReceived(id, TAGS, now + f, f + 1, payload));
                    bytes += payload.length;
                }
                send(producer, new ConnectionEvent.Closed(id, TAGS, now + lines.size(), 1000, lines.size(), now));
                frames += lines.size();
            }
        }
        return new Backlog(frames, frames + 2L * connections, bytes);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ConnectionEvent event) {
        producer.send(new ProducerRecord<>(
                Topics.FRAMES,
                null,
                event.timestamp(),
                ConnectionEventCodec.key(event),
                ConnectionEventCodec.value(event),
                ConnectionEventCodec.headers(event)));
    }

    private static String loadAverage() {
        try {
            return String.join(
                    " ",
                    List.of(Files.readString(Path.of("/proc/loadavg")).split(" "))
                            .subList(0, 3));
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
