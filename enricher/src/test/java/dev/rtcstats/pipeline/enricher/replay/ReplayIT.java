package dev.rtcstats.pipeline.enricher.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.EnricherConfig;
import dev.rtcstats.pipeline.enricher.EnricherMetrics;
import dev.rtcstats.pipeline.enricher.EnricherTopology;
import dev.rtcstats.pipeline.enricher.FeatureExtraction;
import dev.rtcstats.pipeline.enricher.LineCountingExtraction;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(InfraExtension.class)
class ReplayIT {
    private static final int PARTITIONS = 2;
    private static final List<String> OUTPUTS =
            List.of(Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES, Topics.DEAD_LETTERS);
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    private static final FeatureExtraction EXTRACTION = new LineCountingExtraction();

    @TempDir
    Path stateDir;
    // Hours in the past, so that no other test's records (stamped now) fall into the replayed range.
    private final Instant from = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
    private final Instant to = from.plus(Duration.ofHours(1));
    private final String room = TestInfra.uniqueName("room");
    private final List<ConnectionEvent> events = new ArrayList<>();

    @BeforeEach
    void createTopics(TestInfra infra) {
        infra.createTopic(Topics.FRAMES, PARTITIONS);
        OUTPUTS.forEach(topic -> infra.createTopic(topic, PARTITIONS));
    }

    @Test
    void shouldEmitSelectedConnectionsOnceWithNewVersionWhenReplayingRange(TestInfra infra) throws Exception {
        // Given
        String closed = connection(room, from.plusSeconds(60), Duration.ofMinutes(2), true);
        String spansTo = connection(room, to.minusSeconds(1), Duration.ofMinutes(30), true);
        String unclosed = connection(room, from.plusSeconds(300), Duration.ofMinutes(1), false);
        connection(TestInfra.uniqueName("other-room"), from.plusSeconds(60), Duration.ofMinutes(2), true);
        connection(room, from.minusSeconds(60), Duration.ofMinutes(10), true);
        connection(room, to, Duration.ofMinutes(1), true);
        publish(infra);
        String liveGroup = runLiveEnricher(infra);
        Map<TopicPartition, OffsetAndMetadata> liveOffsets = groupOffsets(infra, liveGroup);
        Map<TopicPartition, Long> outputsBefore = endOffsets(infra, OUTPUTS);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        // When
        int exitCode = ReplayMain.run(
                List.of("--from", from.toString(), "--to", to.toString(), "--version", "2", "--conference", room),
                environment(infra, "enricher-replay"),
                new PrintStream(console, true, StandardCharsets.UTF_8),
                EXTRACTION);

        // Then
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(printed).isZero();
        assertThat(printed)
                .contains("replay v2: 100% (")
                .contains("replay v2 done: ")
                .contains("3 connections emitted (2 closed by the client, 1 by timeout or at the end)");
        List<ConsumerRecord<byte[], byte[]>> written = readFrom(infra, outputsBefore);
        Map<String, List<SessionRecord>> sessions = written.stream()
                .filter(r -> r.topic().equals(Topics.SESSIONS))
                .map(r -> SESSIONS.fromBytes(r.value()))
                .collect(Collectors.groupingBy(SessionRecord::connectionId));
        assertThat(sessions).containsOnlyKeys(closed, spansTo, unclosed);
        assertThat(sessions.values())
                .allSatisfy(copies -> assertThat(copies)
                        .singleElement()
                        .satisfies(session ->
                                assertThat(session.processingVersion()).isEqualTo(2)));
        assertThat(sessions.get(unclosed).getFirst().closedBy()).isEqualTo("timeout");
        assertThat(sessions.get(spansTo).getFirst().endTime())
                .isEqualTo(to.plus(Duration.ofMinutes(30)).minusSeconds(1).toEpochMilli());
        assertThat(written.stream()
                        .filter(r -> r.topic().equals(Topics.FEATURES))
                        .map(r -> FEATURES.fromBytes(r.value())))
                .extracting(FeatureRecord::connectionId, FeatureRecord::processingVersion)
                .containsExactlyInAnyOrder(tuple(closed), tuple(spansTo), tuple(unclosed));
        List<DumpChunk> chunks = written.stream()
                .filter(r -> r.topic().equals(Topics.DUMPS))
                .map(r -> DumpChunkCodec.decode(r.key(), r.headers(), r.value()))
                .toList();
        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(chunk.processingVersion()).isEqualTo(2));
        assertThat(chunks.stream().filter(DumpChunk::last))
                .extracting(DumpChunk::connectionId)
                .containsExactlyInAnyOrder(closed, spansTo, unclosed);
        Set<String> replayed =
                events.stream().map(ConnectionEvent::connectionId).collect(Collectors.toSet());
        assertThat(written)
                .as("no dead letter for the replayed conference")
                .noneMatch(r -> r.topic().equals(Topics.DEAD_LETTERS)
                        && replayed.contains(DeadLetter.fromHeaders(r.headers()).connectionId()));
        assertThat(groupOffsets(infra, liveGroup)).as("live enricher offsets").isEqualTo(liveOffsets);
        try (var stateLeft = Files.walk(stateDir.resolve("enricher-replay"))) {
            assertThat(stateLeft)
                    .as("task state directories removed")
                    .noneMatch(path -> path.getFileName().toString().matches("\\d+_\\d+"));
        }
    }

    @Test
    void shouldResumeFromCommittedOffsetsWhenSameReplayRunsAgain(TestInfra infra) throws Exception {
        // Given
        connection(room, from.plusSeconds(10), Duration.ofMinutes(1), true);
        publish(infra);
        Map<String, String> env = environment(infra, "enricher-replay");
        List<String> args = List.of("--from", from.toString(), "--to", to.toString(), "--version", "2");
        assertThat(ReplayMain.run(args, env, new PrintStream(new ByteArrayOutputStream()), EXTRACTION))
                .isZero();
        Map<TopicPartition, Long> afterFirstRun = endOffsets(infra, OUTPUTS);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        // When
        int exitCode = ReplayMain.run(args, env, new PrintStream(console, true, StandardCharsets.UTF_8), EXTRACTION);

        // Then
        assertThat(exitCode).isZero();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("resuming from the offsets this replay committed before")
                .contains("0 connections emitted");
        assertThat(readFrom(infra, afterFirstRun)).as("nothing replayed twice").isEmpty();
    }

    private static Tuple tuple(String id) {
        return Tuple.tuple(id, 2L);
    }

    /** Queues an open at {@code at}, a frame a second later, one at the end, and a close unless the client died. */
    private String connection(String conference, Instant at, Duration lasting, boolean withClose) {
        String id = UUID.randomUUID().toString();
        Tags tags = new Tags("alice", conference, TestInfra.uniqueName("session"), null, "gw-replay");
        long open = at.toEpochMilli();
        long last = open + lasting.toMillis() - 1000;
        events.add(new ConnectionEvent.Opened(id, tags, open, "{\"url\":\"/\",\"startTime\":" + open + "}"));
        events.add(new ConnectionEvent.FrameReceived(id, tags, open + 1000, 1, utf8("[\"a\"]")));
        events.add(new ConnectionEvent.FrameReceived(id, tags, last, 2, utf8("[\"b\"]")));
        if (withClose) {
            events.add(new ConnectionEvent.Closed(id, tags, last + 1000, 1000, 2, last));
        }
        return id;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes the queued events in time order, as gateways would have, with their times as record timestamps. */
    private void publish(TestInfra infra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            events.stream()
                    .sorted(Comparator.comparingLong(ConnectionEvent::timestamp))
                    .forEach(event -> producer.send(new ProducerRecord<>(
                            Topics.FRAMES,
                            null,
                            event.timestamp(),
                            ConnectionEventCodec.key(event),
                            ConnectionEventCodec.value(event),
                            ConnectionEventCodec.headers(event))));
        }
    }

    /** Runs live ingest (version 1) over the whole frames topic, stops it once caught up, returns its group. */
    private String runLiveEnricher(TestInfra infra) throws ExecutionException, InterruptedException {
        EnricherConfig config =
                EnricherConfig.fromEnv(environment(infra, "enricher-live")).withProcessingVersion(1);
        EnricherMetrics metrics = EnricherMetrics.register(new SimpleMeterRegistry());
        try (KafkaStreams live = new KafkaStreams(
                EnricherTopology.buildTopology(config, EXTRACTION, metrics),
                EnricherTopology.streamsProperties(config, metrics))) {
            live.start();
            Map<TopicPartition, Long> end = endOffsets(infra, List.of(Topics.FRAMES));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = groupOffsets(infra, config.applicationId());
                end.forEach((partition, offset) -> assertThat(committed.get(partition))
                        .as("%s", partition)
                        .isNotNull()
                        .extracting(OffsetAndMetadata::offset)
                        .isEqualTo(offset));
            });
        }
        return config.applicationId();
    }

    private Map<String, String> environment(TestInfra infra, String stateSubdirectory) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("ENRICHER_APPLICATION_NAME", TestInfra.uniqueName("enricher"));
        env.put("ENRICHER_STATE_DIR", stateDir.resolve(stateSubdirectory).toString());
        env.put("ENRICHER_PUNCTUATION_INTERVAL", "500ms");
        env.put("ENRICHER_ROCKSDB_MEMORY_BYTES", Long.toString(32L * 1024 * 1024));
        env.put("REPLAY_PROGRESS_INTERVAL", "1s");
        return env;
    }

    private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(TestInfra infra, String group)
            throws ExecutionException, InterruptedException {
        try (Admin admin = admin(infra)) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(TestInfra infra, List<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
        }
        try (Admin admin = admin(infra)) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        }
    }

    /** Every committed record of the output topics after {@code start}, up to their current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readFrom(TestInfra infra, Map<TopicPartition, Long> start)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> end = endOffsets(infra, OUTPUTS);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return end.entrySet().stream().allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
            });
        }
        return records;
    }

    private static Admin admin(TestInfra infra) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()));
    }
}
