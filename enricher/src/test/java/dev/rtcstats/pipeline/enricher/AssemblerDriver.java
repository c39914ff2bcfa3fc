package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A {@link TopologyTestDriver} around the production topology, with helpers to speak the frames-topic format. */
final class AssemblerDriver implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    static final JsonSerde<StatsSeries> STATS = new JsonSerde<>(StatsSeries.class);
    /** Reports the sizes of what it was given instead of computing features, and sends no time series. */
    static final FeatureExtraction STUB_EXTRACTION = new LineCountingExtraction();

    final EnricherConfig config;
    /** Whether the instance has read its input to the end, as the service's progress watch would say. */
    final AtomicBoolean inputCaughtUp = new AtomicBoolean(true);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EnricherMetrics metrics = EnricherMetrics.register(registry);
    final AssemblyCounters counters = metrics.assembly();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> frames;
    final TestOutputTopic<byte[], byte[]> dumps;
    final TestOutputTopic<byte[], byte[]> sessions;
    final TestOutputTopic<byte[], byte[]> features;
    final TestOutputTopic<byte[], byte[]> stats;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    AssemblerDriver(Path stateDir, long featuresMaxDumpBytes) {
        this(stateDir, featuresMaxDumpBytes, Selection.LIVE);
    }

    AssemblerDriver(Path stateDir, long featuresMaxDumpBytes, Selection selection) {
        this(stateDir, featuresMaxDumpBytes, selection, STUB_EXTRACTION);
    }

    AssemblerDriver(Path stateDir, long featuresMaxDumpBytes, Selection selection, FeatureExtraction extraction) {
        this(config(stateDir).featuresMaxDumpBytes(featuresMaxDumpBytes).build(), selection, extraction);
    }

    AssemblerDriver(EnricherConfig config, Selection selection, FeatureExtraction extraction) {
        this.config = config;
        driver = new TopologyTestDriver(
                EnricherTopology.buildTopology(config, extraction, metrics, selection, inputCaughtUp::get),
                EnricherTopology.streamsProperties(config, metrics),
                START);
        frames = driver.createInputTopic(Topics.FRAMES, new ByteArraySerializer(), new ByteArraySerializer());
        dumps = output(Topics.DUMPS);
        sessions = output(Topics.SESSIONS);
        features = output(Topics.FEATURES);
        stats = output(Topics.STATS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    /** The configuration the drivers use unless a test says otherwise. */
    static EnricherConfig.Builder config(Path stateDir) {
        return EnricherConfig.builder("unused:9092")
                .applicationName("rtcstats-enricher-test")
                .processingVersion(7)
                .inactivityTimeout(TIMEOUT)
                .punctuationInterval(Duration.ofSeconds(1))
                .stateDir(stateDir.toString())
                .rocksDbMemoryBytes(64L * 1024 * 1024)
                .httpPort(0);
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static String metadata(long startTime) {
        return "{\"url\":\"/?rtcstats-token=obfuscated\",\"origin\":\"https://app.example.com\","
                + "\"userAgent\":\"Mozilla/5.0 (X11)\",\"startTime\":" + startTime
                + ",\"remoteAddresses\":[\"203.0.113.x\"],\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}";
    }

    static Tags tags(String session) {
        return new Tags("alice", "room-1", session, null, "gw-1");
    }

    void send(ConnectionEvent event) {
        frames.pipeInput(new TestRecord<>(
                ConnectionEventCodec.key(event),
                ConnectionEventCodec.value(event),
                ConnectionEventCodec.headers(event),
                Instant.ofEpochMilli(event.timestamp())));
    }

    void open(String id, Tags tags, long at) {
        send(new ConnectionEvent.Opened(id, tags, at, metadata(at)));
    }

    void frame(String id, Tags tags, long sequence, long at, String text) {
        send(new ConnectionEvent.FrameReceived(id, tags, at, sequence, text.getBytes(StandardCharsets.UTF_8)));
    }

    void close(String id, Tags tags, int code, long frameCount, long lastFrameAt, long at) {
        send(new ConnectionEvent.Closed(id, tags, at, code, frameCount, lastFrameAt));
    }

    /** Every dump on the topic, reassembled from its chunks, by connection id in order of completion. */
    Map<String, byte[]> dumps() {
        Map<String, ByteArrayOutputStream> open = new LinkedHashMap<>();
        Map<String, byte[]> done = new LinkedHashMap<>();
        Map<String, Integer> nextIndex = new LinkedHashMap<>();
        for (TestRecord<byte[], byte[]> record : dumps.readRecordsToList()) {
            DumpChunk chunk = DumpChunkCodec.decode(record.key(), record.headers(), record.value());
            assertThat(chunk.index()).isEqualTo(nextIndex.getOrDefault(chunk.connectionId(), 0));
            assertThat(chunk.bytes().length).isBetween(1, DumpChunkCodec.MAX_CHUNK_BYTES);
            assertThat(chunk.processingVersion()).isEqualTo(config.processingVersion());
            nextIndex.put(chunk.connectionId(), chunk.index() + 1);
            open.computeIfAbsent(chunk.connectionId(), id -> new ByteArrayOutputStream())
                    .writeBytes(chunk.bytes());
            if (chunk.last()) {
                done.put(chunk.connectionId(), open.remove(chunk.connectionId()).toByteArray());
            }
        }
        assertThat(open).as("dumps without a last chunk").isEmpty();
        return done;
    }

    List<SessionRecord> sessions() {
        List<SessionRecord> records = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : sessions.readRecordsToList()) {
            SessionRecord session = SESSIONS.fromBytes(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(session.connectionId());
            records.add(session);
        }
        return records;
    }

    List<FeatureRecord> features() {
        return features.readValuesToList().stream().map(FEATURES::fromBytes).toList();
    }

    /** Every time series record with its key, which must be the record's connection id. */
    List<StatsSeries> stats() {
        List<StatsSeries> records = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : stats.readRecordsToList()) {
            StatsSeries series = STATS.fromBytes(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(series.connectionId());
            records.add(series);
        }
        return records;
    }

    /** Every dead letter on the topic, read back from its headers, with the record's value. */
    List<Letter> deadLetters() {
        return deadLetters.readRecordsToList().stream()
                .map(record -> new Letter(
                        DeadLetter.fromHeaders(record.headers()), record.key(), record.value(), record.headers()))
                .toList();
    }

    /** A dead letter as a test sees it. */
    record Letter(DeadLetter letter, byte[] key, byte[] value, Headers headers) {
        String reason() {
            return letter.reason();
        }

        /** The tags the dead letter carries in the frames-topic headers. */
        Tags tags() {
            return ConnectionEventCodec.decode(key, headers, value).tags();
        }
    }

    long storedEntries() {
        long count = 0;
        for (String store : List.of(
                EnricherTopology.CONNECTIONS_STORE, EnricherTopology.FRAMES_STORE, EnricherTopology.IDLE_INDEX_STORE)) {
            try (var all = driver.getKeyValueStore(store).all()) {
                while (all.hasNext()) {
                    all.next();
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        driver.close();
    }
}
