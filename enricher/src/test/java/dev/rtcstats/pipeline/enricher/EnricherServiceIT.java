package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.KafkaBrokerProcess;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Readiness that tells a stall from progress, and a shutdown that keeps its grace period, on a real broker. */
@ExtendWith(InfraExtension.class)
class EnricherServiceIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(EnricherServiceIT.class);
    private static final Duration STALL_AFTER = Duration.ofSeconds(3);
    private static final Duration GRACE = Duration.ofSeconds(4);
    private static final Tags TAGS = new Tags("u", "room", "s", null, "gw");

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldTurnNotReadyWhenProcessingStallsAndReadyAgainWhenItResumes(TestInfra infra) throws Exception {
        // Given
        for (String topic : List.of(
                Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES, Topics.STATS, Topics.DEAD_LETTERS)) {
            infra.createTopic(topic, 2);
        }
        BlockingExtraction extraction = new BlockingExtraction();
        try (EnricherService service = service(infra.kafkaBootstrap(), extraction);
                KafkaProducer<byte[], byte[]> producer = producer(infra.kafkaBootstrap())) {
            service.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> status(service) == 200);

            // When
            connection(producer, "block-" + UUID.randomUUID(), 3);
            assertThat(extraction.awaitBlocked(120))
                    .as("the close reached the blocking extraction")
                    .isTrue();
            for (int i = 0; i < 20; i++) {
                connection(producer, UUID.randomUUID().toString(), 3);
            }
            long stalledAt = System.nanoTime();

            // Then
            await().atMost(Duration.ofSeconds(30)).until(() -> status(service) == 503);
            LOGGER.atInfo()
                    .addKeyValue("millis", (System.nanoTime() - stalledAt) / 1_000_000)
                    .log("ready turned red after the stall");
            assertThat(scrape(service)).contains("rtcstats_enricher_ready 0.0");
            extraction.release();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(service) == 200);
            assertThat(scrape(service)).contains("rtcstats_enricher_ready 1.0");
        }
    }

    @Test
    void shouldStopWithinItsGraceWhenTheBrokerIsGone() throws Exception {
        // Given
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            for (String topic : List.of(
                    Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES, Topics.STATS, Topics.DEAD_LETTERS)) {
                broker.createTopic(topic, 2);
            }
            EnricherService service = service(broker.bootstrapServers(), new LineCountingExtraction());
            service.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> status(service) == 200);
            broker.stop();
            await().atMost(STALL_AFTER.plusSeconds(30)).until(() -> status(service) == 503);

            // When
            long started = System.nanoTime();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(service::close);

            // Then
            assertThat(closed).succeedsWithin(GRACE.plusSeconds(5));
            LOGGER.atInfo()
                    .addKeyValue("graceMillis", GRACE.toMillis())
                    .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                    .log("enricher stopped with the broker gone");
            assertThat(service.state()).isEqualTo(EnricherService.State.STOPPED);
        }
    }

    @Test
    void shouldDeadLetterWhatATopicWithASmallerLimitRefusesAndKeepItsThread() throws Exception {
        // Given: a features topic that takes 100 KB, and a client whose feature record inflates beyond it
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.FEATURES, 2, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000"))))
                    .all()
                    .get();
            for (String topic :
                    List.of(Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.STATS, Topics.DEAD_LETTERS)) {
                broker.createTopic(topic, 2);
            }
            String hostile = "hostile-" + UUID.randomUUID();
            String normal = UUID.randomUUID().toString();
            try (EnricherService service = service(broker.bootstrapServers(), new DumpFeatureExtraction());
                    KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers());
                    SessionReader sessions = new SessionReader(broker.bootstrapServers())) {
                service.start();

                // When
                connection(
                        producer,
                        hostile,
                        List.of("[\"addIceCandidateOnFailure\",\"PC_0\",\"" + "\\u0001".repeat(50_000) + "\",1]"));
                connection(producer, normal, List.of("[\"getUserMedia\",null,{},1]"));

                // Then
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> sessions.read().keySet().containsAll(List.of(hostile, normal)));
                assertThat(sessions.read().get(hostile)).satisfies(session -> {
                    assertThat(session.featuresStatus()).isEqualTo(FeaturesStatus.FAILED);
                    assertThat(session.featuresReason()).isEqualTo("features-record-too-large");
                });
                assertThat(sessions.read().get(normal).featuresStatus()).isEqualTo(FeaturesStatus.OK);
                assertThat(scrape(service))
                        .contains("rtcstats_enricher_threads_replaced_total 0.0")
                        .containsPattern("rtcstats_enricher_dead_letters_total\\{reason=\"derived-record-too-large\","
                                + "stage=\"enricher\"} 1\\.0");
            }
        }
    }

    private EnricherService service(String bootstrap, FeatureExtraction extraction) throws Exception {
        EnricherConfig config = EnricherConfig.builder(bootstrap)
                .applicationName(TestInfra.uniqueName("enricher-service"))
                .inactivityTimeout(Duration.ofSeconds(30))
                .punctuationInterval(Duration.ofSeconds(1))
                .stateDir(stateDir.resolve(UUID.randomUUID().toString()).toString())
                .rocksDbMemoryBytes(32L * 1024 * 1024)
                .httpPort(0)
                .set("ENRICHER_READY_STALL_AFTER", STALL_AFTER.toMillis() + "ms")
                .set("ENRICHER_SHUTDOWN_GRACE", GRACE.toMillis() + "ms")
                .build();
        return EnricherService.create(config, extraction, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private static void connection(KafkaProducer<byte[], byte[]> producer, String id, int frames) {
        connection(producer, id, Collections.nCopies(frames, "[1]"));
    }

    private static void connection(KafkaProducer<byte[], byte[]> producer, String id, List<String> frames) {
        long now = System.currentTimeMillis();
        send(producer, new ConnectionEvent.Opened(id, TAGS, now, "{\"startTime\":" + now + "}"));
        for (int sequence = 1; sequence <= frames.size(); sequence++) {
            send(
                    producer,
                    new ConnectionEvent.FrameReceived(
                            id,
                            TAGS,
                            now + sequence,
                            sequence,
                            frames.get(sequence - 1).getBytes(StandardCharsets.UTF_8)));
        }
        int count = frames.size();
        send(producer, new ConnectionEvent.Closed(id, TAGS, now + count + 1, 1000, count, now + count));
        producer.flush();
    }

    /** A read_committed reader of the sessions topic, keyed by connection id. */
    private static final class SessionReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, SessionRecord> sessions = new HashMap<>();

        SessionReader(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfra.uniqueName("sessions"));
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.SESSIONS));
        }

        Map<String, SessionRecord> read() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                SessionRecord session = AssemblerDriver.SESSIONS.fromBytes(record.value());
                sessions.put(session.connectionId(), session);
            }
            return sessions;
        }

        @Override
        public void close() {
            consumer.close();
        }
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

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private int status(EnricherService service) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String scrape(EnricherService service) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
