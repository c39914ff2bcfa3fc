package dev.rtcstats.pipeline.enricher.bench;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.EnricherConfig;
import dev.rtcstats.pipeline.enricher.EnricherTopology;
import dev.rtcstats.pipeline.enricher.FeatureExtraction;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Load generator for the assembler, on {@link TopologyTestDriver} (one thread, real RocksDB stores, no broker), so
 * the figures are the processor and store cost per core, without Kafka I/O. Prints frames per second and the
 * state-store bytes each open connection holds.
 */
public final class AssemblerBenchmark {
    private static final int FRAME_BYTES = 1200;
    private static final PrintStream REPORT = System.out;

    private AssemblerBenchmark() {}

    public static void main(String[] args) throws IOException {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int framesPerConnection = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        run(200, 50, false);
        Result result = run(connections, framesPerConnection, true);
        REPORT.printf(
                "connections=%d framesPerConnection=%d frameBytes=%d cores=%d loadAverage=%.1f%n",
                connections,
                framesPerConnection,
                FRAME_BYTES,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        REPORT.printf(
                "ingest:   %.0f frames/s (%.1f MB/s) on one thread%n",
                result.framesPerSecond, result.framesPerSecond * FRAME_BYTES / 1e6);
        REPORT.printf(
                "assembly: %.0f connections/s closed, %.0f frames/s read back into dumps%n",
                result.closesPerSecond, result.closesPerSecond * framesPerConnection);
        REPORT.printf("end to end: %.0f frames/s (ingest + close)%n", result.endToEndFramesPerSecond);
        REPORT.printf(
                "state per open connection: %d B (%d B connection record + %d B idle index + %d B frames"
                        + " of which %d B payload); %.1f B per frame beyond payload%n",
                result.bytesPerConnection,
                result.connectionRecordBytes,
                result.indexBytes,
                result.frameStoreBytes,
                result.payloadBytes,
                result.overheadPerFrame);
    }

    private static Result run(int connections, int framesPerConnection, boolean measureState) throws IOException {
        Path stateDir = Files.createTempDirectory("enricher-bench");
        EnricherConfig config = EnricherConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "unused:9092",
                "ENRICHER_STATE_DIR",
                stateDir.toString(),
                "ENRICHER_INACTIVITY_TIMEOUT",
                "1h"));
        FeatureExtraction features = (session, metadata, lines, budget, series) -> new FeatureRecord(
                FeatureRecord.FORMAT,
                session.connectionId(),
                null,
                null,
                null,
                null,
                0,
                1,
                Map.of(),
                Map.of(),
                List.of(),
                List.of());
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EnricherTopology.buildTopology(config, features), config.streamsProperties(), start)) {
            TestInputTopic<byte[], byte[]> input =
                    driver.createInputTopic(Topics.FRAMES, new ByteArraySerializer(), new ByteArraySerializer());
            byte[] payload = framePayload();
            long t0 = start.toEpochMilli();
            for (int c = 0; c < connections; c++) {
                send(input, new ConnectionEvent.Opened(id(c), tags(c), t0, metadata(t0)));
            }
            long ingestStart = System.nanoTime();
            for (int seq = 1; seq <= framesPerConnection; seq++) {
                for (int c = 0; c < connections; c++) {
                    send(input, new ConnectionEvent.FrameReceived(id(c), tags(c), t0 + seq, seq, payload));
                }
            }
            long ingestNanos = System.nanoTime() - ingestStart;
            Result result = new Result();
            if (measureState) {
                measure(driver, config, connections, (long) connections * framesPerConnection * payload.length, result);
            }
            long closeStart = System.nanoTime();
            for (int c = 0; c < connections; c++) {
                send(
                        input,
                        new ConnectionEvent.Closed(
                                id(c),
                                tags(c),
                                t0 + framesPerConnection + 10,
                                1000,
                                framesPerConnection,
                                t0 + framesPerConnection));
            }
            long closeNanos = System.nanoTime() - closeStart;
            drain(driver);
            long frames = (long) connections * framesPerConnection;
            result.framesPerSecond = frames / (ingestNanos / 1e9);
            result.closesPerSecond = connections / (closeNanos / 1e9);
            result.endToEndFramesPerSecond = frames / ((ingestNanos + closeNanos) / 1e9);
            return result;
        }
    }

    /** Sizes the stores as their compacted changelogs would hold them: the last value of every live key. */
    private static void measure(
            TopologyTestDriver driver, EnricherConfig config, int connections, long payloadBytes, Result result) {
        long connectionBytes = liveBytes(driver, config, EnricherTopology.CONNECTIONS_STORE);
        long indexBytes = liveBytes(driver, config, EnricherTopology.IDLE_INDEX_STORE);
        long frameBytes = liveBytes(driver, config, EnricherTopology.FRAMES_STORE);
        long frames = 0;
        try (KeyValueIterator<Bytes, byte[]> all = driver.<Bytes, byte[]>getKeyValueStore(EnricherTopology.FRAMES_STORE)
                .all()) {
            while (all.hasNext()) {
                all.next();
                frames++;
            }
        }
        result.connectionRecordBytes = connectionBytes / connections;
        result.indexBytes = indexBytes / connections;
        result.frameStoreBytes = frameBytes / connections;
        result.payloadBytes = payloadBytes / connections;
        result.bytesPerConnection = result.connectionRecordBytes + result.indexBytes + result.frameStoreBytes;
        result.overheadPerFrame = (frameBytes - payloadBytes) / (double) frames;
    }

    private static long liveBytes(TopologyTestDriver driver, EnricherConfig config, String store) {
        Map<Bytes, Integer> live = new HashMap<>();
        for (TestRecord<byte[], byte[]> record : driver.createOutputTopic(
                        config.applicationId() + "-" + store + "-changelog",
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())
                .readRecordsToList()) {
            if (record.value() == null) {
                live.remove(Bytes.wrap(record.key()));
            } else {
                live.put(Bytes.wrap(record.key()), record.key().length + record.value().length);
            }
        }
        return live.values().stream().mapToLong(Integer::longValue).sum();
    }

    private static void drain(TopologyTestDriver driver) {
        for (String topic : List.of(Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES)) {
            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
        }
    }

    private static void send(TestInputTopic<byte[], byte[]> input, ConnectionEvent event) {
        input.pipeInput(new TestRecord<>(
                ConnectionEventCodec.key(event),
                ConnectionEventCodec.value(event),
                ConnectionEventCodec.headers(event),
                Instant.ofEpochMilli(event.timestamp())));
    }

    private static String id(int connection) {
        return String.format("%08x-0000-4000-8000-%012x", connection, connection);
    }

    private static Tags tags(int connection) {
        return new Tags("user-" + connection, "conference-" + connection / 4, "session-" + connection, null, "gw-1");
    }

    private static String metadata(long startTime) {
        return "{\"url\":\"/?rtcstats-token=obfuscated\",\"origin\":\"https://app.example.com\","
                + "\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36\",\"startTime\":" + startTime
                + ",\"remoteAddresses\":[\"203.0.113.x\"],\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}";
    }

    /** A getstats delta of about {@link #FRAME_BYTES} bytes, the typical size of a compressed rtcStats frame. */
    private static byte[] framePayload() {
        StringBuilder json = new StringBuilder("[\"getstats\",\"PC_0\",{");
        Random random = new Random(42);
        while (json.length() < FRAME_BYTES - 20) {
            json.append("\"OT01V")
                    .append(random.nextInt(100000))
                    .append("\":{\"bytesReceived\":")
                    .append(random.nextInt(1_000_000))
                    .append("},");
        }
        json.setLength(json.length() - 1);
        json.append("},1000]");
        while (json.length() < FRAME_BYTES) {
            json.insert(json.length() - 1, ' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Result {
        double framesPerSecond;
        double closesPerSecond;
        double endToEndFramesPerSecond;
        long bytesPerConnection;
        long connectionRecordBytes;
        long indexBytes;
        long frameStoreBytes;
        long payloadBytes;
        double overheadPerFrame;
    }
}
