package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9's hostile-client suite: every input of {@link HostileCorpus}, one after another, against one pipeline on
 * the real broker, ClickHouse engine and S3. After each, sessions of other clients must land whole (row, dump,
 * features), the input must end as the design says (dead letter with its reason, close code, adjusted value,
 * degraded features), no stream thread may have been replaced, and every service must still be ready. The close to
 * row latency of those sessions is logged and written to {@code target/hostile-clients-latency.txt}: a measurement
 * for docs/benchmarks.md, never an assertion.
 */
@ExtendWith(InfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(HostileClientsIT.class);
    private static final int BYSTANDERS = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    private final String conference = TestInfra.uniqueName("hostile");
    private final LatencyReport latencies = new LatencyReport();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private Pipeline pipeline;
    private HttpClient http;
    private Producer<byte[], byte[]> frames;
    private TopicTap tap;
    private Attacker attacker;
    private Counters counters;
    private OutcomeCheck check;
    private Set<String> streamThreads;

    @BeforeAll
    void start(TestInfra infra) throws Exception {
        pipeline = Pipeline.start(
                infra,
                infra.kafkaBootstrap(),
                infra::createTopic,
                temp.resolve("enricher"),
                Duration.ofSeconds(10),
                HostileCorpus.GATEWAY,
                HostileCorpus.ENRICHER);
        http = HttpClient.newHttpClient();
        frames = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        tap = new TopicTap(pipeline.bootstrap, conference);
        attacker = new Attacker(
                pipeline.gatewayPort(),
                conference,
                http,
                frames,
                Topics.FRAMES,
                caseId -> !tap.connections(caseId).isEmpty());
        counters = new Counters(pipeline, http);
        check = new OutcomeCheck(pipeline, tap, counters);
        await().atMost(WAIT).until(() -> counters.gateway("/ready").statusCode() == 200);
        Bystander.Landed warmUp = Bystander.run(pipeline, http, conference, "warm-up");
        LOGGER.atInfo()
                .addKeyValue("closeToRowMillis", warmUp.closeToRowMillis())
                .addKeyValue("closeToAllMillis", warmUp.closeToAllMillis())
                .log("warm-up session landed (not counted)");
        streamThreads = pipeline.streamThreads();
        assertThat(streamThreads).as("enricher stream threads").isNotEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        if (tap != null) {
            tap.close();
        }
        if (frames != null) {
            frames.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    List<HostileCase> corpus() {
        return HostileCorpus.cases();
    }

    @Test
    @Order(1)
    void shouldCoverEveryClassOfHostileInputWithAtLeast25Cases() {
        assertThat(HostileCorpus.cases()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(HostileCorpus.cases()).extracting(HostileCase::id).doesNotHaveDuplicates();
        assertThat(HostileCorpus.classes()).containsExactlyInAnyOrder(HostileCase.InputClass.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(2)
    void shouldContainTheInputAndKeepLandingOtherClientsSessions(HostileCase hostile) throws Exception {
        // Given
        Counters.Snapshot before = counters.read();

        // When
        Attacker.Observed observed = attacker.attack(hostile);
        List<Future<Bystander.Landed>> bystanders = new ArrayList<>();
        for (int i = 0; i < BYSTANDERS; i++) {
            String session = "after-" + hostile.id() + "-" + i;
            bystanders.add(clients.submit(() -> Bystander.run(pipeline, http, conference, session)));
        }

        // Then: what became of the input, checked while the other clients' sessions are on their way
        check.verify(hostile, observed, before);
        List<Long> closeToRow = new ArrayList<>();
        for (Future<Bystander.Landed> bystander : bystanders) {
            Bystander.Landed landed = bystander.get();
            latencies.add(hostile, landed);
            closeToRow.add(landed.closeToRowMillis());
        }
        LOGGER.atInfo()
                .addKeyValue("case", hostile.id())
                .addKeyValue("closeToRowMillis", closeToRow)
                .addKeyValue(
                        "closeCodes",
                        observed.closeCodes().size() > 5
                                ? observed.closeCodes().stream().distinct().toList()
                                : observed.closeCodes())
                .addKeyValue("httpStatuses", observed.httpStatuses())
                .addKeyValue("deadLetters", check.deadLetterKinds(hostile))
                .log("hostile input sent, other clients' sessions landed");
        assertThat(pipeline.threadsReplaced()).as("stream threads replaced").isZero();
        assertThat(pipeline.streamThreads()).as("stream threads").isEqualTo(streamThreads);
        assertThat(counters.gateway("/ready").statusCode()).as("gateway /ready").isEqualTo(200);
        assertThat(pipeline.sinkReady()).as("sink ready").isTrue();
    }

    @Test
    @Order(3)
    void shouldHoldExactlyTheExpectedDeadLettersOnceEveryCaseRan() throws Exception {
        // Given every case has run

        // When
        String report = latencies.summary();
        LOGGER.atInfo().log(report);
        Files.writeString(Path.of("target", "hostile-clients-latency.txt"), report);

        // Then
        tap.drain();
        for (HostileCase hostile : HostileCorpus.cases()) {
            check.verifyOnceAllRan(hostile);
        }
        assertThat(latencies.count()).isEqualTo(HostileCorpus.cases().size() * BYSTANDERS);
        assertThat(pipeline.threadsReplaced()).as("stream threads replaced").isZero();
    }
}
