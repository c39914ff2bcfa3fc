package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(InfraExtension.class)
class EnricherIT {
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);

    @TempDir
    Path stateDir;

    @Test
    void shouldPublishDumpSessionAndFeaturesWhenConnectionsCloseOrTimeOut(TestInfra infra) throws Exception {
        // Given
        for (String topic : List.of(Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES,
                EnricherTopology.LATE_FRAMES)) {
            infra.createTopic(topic, 2);
        }
        EnricherConfig config = new EnricherConfig(infra.kafkaBootstrap(), TestInfra.uniqueName("enricher"), 2,
                Duration.ofSeconds(3), Duration.ofMillis(500), 100, 1024 * 1024, 0, -1, 1, stateDir.toString(),
                64L * 1024 * 1024, 0);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FeatureExtraction extraction = (session, metadata, lines) -> new FeatureRecord(FeatureRecord.FORMAT,
                session.connectionId(), session.user(), session.conference(), session.session(), session.tenant(),
                session.startTime(), session.processingVersion(), Map.of(), Map.of("lines", lines.size()),
                List.of(), List.of());
        String clean = UUID.randomUUID().toString();
        String crashed = UUID.randomUUID().toString();
        Tags tags = new Tags("bob", "room-9", TestInfra.uniqueName("session"), null, "gw-it");
        long t0 = System.currentTimeMillis();
        String metadata = "{\"url\":\"/\",\"userAgent\":\"it\",\"startTime\":" + t0
                + ",\"clientProtocol\":\"rtcstats#5.0\",\"fileFormat\":3}";
        List<ConnectionEvent> events = new ArrayList<>();
        events.add(new ConnectionEvent.Opened(clean, tags, t0, metadata));
        events.add(new ConnectionEvent.Opened(crashed, tags, t0, metadata));
        StringBuilder cleanFrames = new StringBuilder();
        for (int sequence = 1; sequence <= 50; sequence++) {
            String frame = "[\"getstats\",\"PC_0\",{\"n\":" + sequence + "}," + sequence + "]";
            cleanFrames.append(frame).append('\n');
            events.add(frame(clean, tags, t0 + sequence, sequence, frame));
            events.add(frame(crashed, tags, t0 + sequence, sequence, "[\"x\"," + sequence + "]"));
        }
        events.add(new ConnectionEvent.Closed(clean, tags, t0 + 80, 1001, 50, t0 + 50));

        try (KafkaStreams streams = new KafkaStreams(EnricherTopology.buildTopology(config, extraction,
                AssemblyCounters.register(registry)), config.streamsProperties());
             HealthServer health = new HealthServer(0, () -> streams.state() == KafkaStreams.State.RUNNING,
                     registry::scrape);
             KafkaProducer<byte[], byte[]> producer = producer(infra);
             KafkaConsumer<byte[], byte[]> consumer = consumer(infra)) {
            streams.start();
            health.start();
            consumer.subscribe(List.of(Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES));

            // When
            for (ConnectionEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.FRAMES, null, event.timestamp(),
                        ConnectionEventCodec.key(event), ConnectionEventCodec.value(event),
                        ConnectionEventCodec.headers(event)));
            }
            producer.flush();

            // Then
            Map<String, SessionRecord> sessions = new HashMap<>();
            Map<String, Integer> sessionCopies = new HashMap<>();
            Map<String, FeatureRecord> features = new HashMap<>();
            Map<String, ByteArrayOutputStream> dumps = new HashMap<>();
            Map<String, Boolean> complete = new HashMap<>();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
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
                            dumps.computeIfAbsent(chunk.connectionId(), id -> new ByteArrayOutputStream())
                                    .writeBytes(chunk.bytes());
                            complete.put(chunk.connectionId(), chunk.last());
                        }
                    }
                }
                assertThat(sessions).containsKeys(clean, crashed);
                assertThat(features).containsKeys(clean, crashed);
                assertThat(complete).containsEntry(clean, true).containsEntry(crashed, true);
            });
            assertThat(dumps.get(clean).toString(StandardCharsets.UTF_8)).isEqualTo("RTCStatsDump\n" + metadata
                    + "\n" + cleanFrames + "[\"close\",null,1001,30]");
            assertThat(dumps.get(crashed).toString(StandardCharsets.UTF_8)).endsWith("[\"x\",50]\n[\"close\",null,1006,3000]");
            assertThat(sessions.get(clean)).satisfies(session -> {
                assertThat(session.closedBy()).isEqualTo("client");
                assertThat(session.messageCount()).isEqualTo(50);
                assertThat(session.blobKey()).isEqualTo(clean + ".gz");
                assertThat(session.processingVersion()).isEqualTo(2);
            });
            assertThat(sessionCopies).as("exactly once").containsEntry(clean, 1).containsEntry(crashed, 1);
            assertThat(sessions.get(crashed).closeCode()).isEqualTo(1006);
            assertThat(sessions.get(crashed).session()).isEqualTo(sessions.get(clean).session());
            assertThat(features.get(clean).client()).containsEntry("lines", 50);
            assertThat(get(health, "/healthcheck")).isEqualTo(200);
            assertThat(get(health, "/ready")).isEqualTo(200);
            assertThat(body(health, "/metrics")).contains("rtcstats_enricher_connections_closed_total{by=\"timeout\"}");
        }
    }

    private static ConnectionEvent frame(String id, Tags tags, long at, long sequence, String text) {
        return new ConnectionEvent.FrameReceived(id, tags, at, sequence, text.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<byte[], byte[]> producer(TestInfra infra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(TestInfra infra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfra.uniqueName("enricher-it"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static int get(HealthServer health, String path) throws Exception {
        return send(health, path).statusCode();
    }

    private static String body(HealthServer health, String path) throws Exception {
        return send(health, path).body();
    }

    private static HttpResponse<String> send(HealthServer health, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
