package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.HealthServer;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(InfraExtension.class)
class EnricherIT {
    private static final int FRAMES_PARTITIONS = 2;
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    private static final FeatureExtraction EXTRACTION = new LineCountingExtraction();

    @TempDir
    Path stateDir;

    private final Tags tags = new Tags("bob", "room-9", TestInfra.uniqueName("session"), null, "gw-it");
    private final long t0 = System.currentTimeMillis();
    private final String metadata = "{\"url\":\"/\",\"userAgent\":\"it\",\"startTime\":" + t0
            + ",\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}";

    @BeforeEach
    void createTopics(TestInfra infra) {
        for (String topic :
                List.of(Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES, Topics.DEAD_LETTERS)) {
            infra.createTopic(topic, FRAMES_PARTITIONS);
        }
    }

    @Test
    void shouldPublishDumpSessionAndFeaturesWhenConnectionsCloseOrTimeOut(TestInfra infra) throws Exception {
        // Given
        EnricherConfig config = config(infra, TestInfra.uniqueName("enricher"), stateDir.resolve("a"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String clean = UUID.randomUUID().toString();
        String crashed = UUID.randomUUID().toString();
        StringBuilder cleanFrames = new StringBuilder();

        EnricherMetrics metrics = EnricherMetrics.register(registry);
        try (KafkaStreams streams = new KafkaStreams(
                        EnricherTopology.buildTopology(config, EXTRACTION, metrics),
                        EnricherTopology.streamsProperties(config, metrics));
                HealthServer health = new HealthServer(
                        0, () -> true, () -> streams.state() == KafkaStreams.State.RUNNING, registry::scrape);
                KafkaProducer<byte[], byte[]> producer = producer(infra);
                Outputs outputs = new Outputs(infra)) {
            streams.start();
            health.start();

            // When
            send(producer, new ConnectionEvent.Opened(clean, tags, t0, metadata));
            send(producer, new ConnectionEvent.Opened(crashed, tags, t0, metadata));
            for (int sequence = 1; sequence <= 50; sequence++) {
                String frame = "[\"getstats\",\"PC_0\",{\"n\":" + sequence + "}," + sequence + "]";
                cleanFrames.append(frame).append('\n');
                send(producer, frame(clean, sequence, frame));
                send(producer, frame(crashed, sequence, "[\"x\"," + sequence + "]"));
            }
            send(producer, new ConnectionEvent.Closed(clean, tags, t0 + 80, 1001, 50, t0 + 50));
            producer.flush();

            // Then
            outputs.awaitComplete(clean, crashed);
            assertThat(outputs.dump(clean))
                    .isEqualTo("RTCStatsDump\n" + metadata + "\n" + cleanFrames + "[\"close\",null,1001,30]\n");
            assertThat(outputs.dump(crashed)).endsWith("[\"x\",50]\n[\"close\",null,1006,3000]\n");
            assertThat(outputs.sessions.get(clean)).satisfies(session -> {
                assertThat(session.closedBy()).isEqualTo("client");
                assertThat(session.messageCount()).isEqualTo(50);
                assertThat(session.blobKey()).isEqualTo(clean + ".gz");
                assertThat(session.processingVersion()).isEqualTo(2);
            });
            assertThat(outputs.sessionCopies)
                    .as("exactly once")
                    .containsEntry(clean, 1)
                    .containsEntry(crashed, 1);
            assertThat(outputs.sessions.get(crashed).closeCode()).isEqualTo(1006);
            assertThat(outputs.sessions.get(crashed).session())
                    .isEqualTo(outputs.sessions.get(clean).session());
            assertThat(outputs.features.get(clean).client())
                    .as("frames and the close line")
                    .containsEntry("lines", 51);
            assertThat(send(health, "/healthcheck").statusCode()).isEqualTo(200);
            assertThat(send(health, "/ready").statusCode()).isEqualTo(200);
            // At least: the frames topic is shared with ReplayIT, whose connections this group also reads.
            assertThat(send(health, "/metrics").body())
                    .containsPattern("rtcstats_enricher_connections_closed_total\\{by=\"timeout\"} [1-9][0-9]*\\.0");
        }
    }

    @Test
    void shouldAssembleWholeDumpOnceWhenInstanceIsReplacedMidConnection(TestInfra infra) throws Exception {
        // Given
        String application = TestInfra.uniqueName("enricher");
        String id = UUID.randomUUID().toString();
        StringBuilder frames = new StringBuilder();
        try (KafkaProducer<byte[], byte[]> producer = producer(infra);
                Outputs outputs = new Outputs(infra)) {
            EnricherMetrics first = EnricherMetrics.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            EnricherConfig firstConfig = config(infra, application, stateDir.resolve("first"));
            try (KafkaStreams streams = new KafkaStreams(
                    EnricherTopology.buildTopology(firstConfig, EXTRACTION, first),
                    EnricherTopology.streamsProperties(firstConfig, first))) {
                streams.start();
                send(producer, new ConnectionEvent.Opened(id, tags, t0, metadata));
                for (int sequence = 1; sequence <= 20; sequence++) {
                    frames.append("[").append(sequence).append("]\n");
                    send(producer, frame(id, sequence, "[" + sequence + "]"));
                }
                producer.flush();
                awaitCaughtUp(infra, firstConfig.applicationId());
            }

            // When
            // A new state directory: the second instance must rebuild the connection from the changelogs.
            EnricherMetrics second = EnricherMetrics.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            EnricherConfig secondConfig = config(infra, application, stateDir.resolve("second"));
            try (KafkaStreams streams = new KafkaStreams(
                    EnricherTopology.buildTopology(secondConfig, EXTRACTION, second),
                    EnricherTopology.streamsProperties(secondConfig, second))) {
                streams.start();
                for (int sequence = 21; sequence <= 30; sequence++) {
                    frames.append("[").append(sequence).append("]\n");
                    send(producer, frame(id, sequence, "[" + sequence + "]"));
                }
                send(producer, new ConnectionEvent.Closed(id, tags, t0 + 40, 1000, 30, t0 + 30));
                producer.flush();
                outputs.awaitComplete(id);

                // Then
                assertThat(outputs.dump(id))
                        .isEqualTo("RTCStatsDump\n" + metadata + "\n" + frames + "[\"close\",null,1000,10]\n");
                assertThat(outputs.sessionCopies).containsEntry(id, 1);
                assertThat(second.assembly().framesStored().count())
                        .as("frames the first instance committed")
                        .isEqualTo(10);
            }
        }
    }

    /** Waits until the application has committed every frames record produced so far. */
    private static void awaitCaughtUp(TestInfra infra, String applicationId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int partition = 0; partition < FRAMES_PARTITIONS; partition++) {
                    latest.put(new TopicPartition(Topics.FRAMES, partition), OffsetSpec.latest());
                }
                admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    assertThat(offset == null ? 0 : offset.offset())
                            .as("%s", partition)
                            .isEqualTo(end.offset());
                });
            });
        }
    }

    private static EnricherConfig config(TestInfra infra, String application, Path stateDir) {
        return EnricherConfig.builder(infra.kafkaBootstrap())
                .applicationName(application)
                .processingVersion(2)
                .inactivityTimeout(Duration.ofSeconds(3))
                .punctuationInterval(Duration.ofMillis(500))
                .set("ENRICHER_MAX_CLOSES_PER_PUNCTUATION", "100")
                .featuresMaxDumpBytes(1024 * 1024)
                .stateDir(stateDir.toString())
                .rocksDbMemoryBytes(64L * 1024 * 1024)
                .httpPort(0)
                .build();
    }

    private ConnectionEvent frame(String id, long sequence, String text) {
        return new ConnectionEvent.FrameReceived(
                id, tags, t0 + sequence, sequence, text.getBytes(StandardCharsets.UTF_8));
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

    private static KafkaProducer<byte[], byte[]> producer(TestInfra infra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static HttpResponse<String> send(HealthServer health, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A read_committed consumer of the three output topics that reassembles dumps as chunks arrive. */
    private static final class Outputs implements AutoCloseable {
        final Map<String, SessionRecord> sessions = new HashMap<>();
        final Map<String, Integer> sessionCopies = new HashMap<>();
        final Map<String, FeatureRecord> features = new HashMap<>();
        final Map<String, ByteArrayOutputStream> dumps = new HashMap<>();
        final Map<String, Boolean> complete = new HashMap<>();
        private final KafkaConsumer<byte[], byte[]> consumer;

        Outputs(TestInfra infra) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfra.uniqueName("enricher-it"));
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES));
        }

        void awaitComplete(String... ids) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                poll();
                assertThat(sessions).containsKeys(ids);
                assertThat(features).containsKeys(ids);
                for (String id : ids) {
                    assertThat(complete).containsEntry(id, true);
                }
            });
        }

        String dump(String id) {
            return dumps.get(id).toString(StandardCharsets.UTF_8);
        }

        private void poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                switch (record.topic()) {
                    case Topics.SESSIONS -> {
                        SessionRecord session = SESSIONS.fromBytes(record.value());
                        sessions.put(session.connectionId(), session);
                        sessionCopies.merge(session.connectionId(), 1, Integer::sum);
                    }
                    case Topics.FEATURES -> {
                        FeatureRecord feature = FEATURES.fromBytes(record.value());
                        features.put(feature.connectionId(), feature);
                    }
                    default -> {
                        DumpChunk chunk = DumpChunkCodec.decode(record.key(), record.headers(), record.value());
                        dumps.computeIfAbsent(chunk.connectionId(), key -> new ByteArrayOutputStream())
                                .writeBytes(chunk.bytes());
                        complete.put(chunk.connectionId(), chunk.last());
                    }
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
