package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.sink.lake.LakeConfig;
import dev.rtcstats.pipeline.sink.lake.LakeStore;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Crashes of the lake writer mid-write and mid-upload: afterwards every row is in the lake once, under final names. */
@ExtendWith(InfraExtension.class)
class LakeCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every poll of the lake runs an s3() query in the single test engine: keep them few. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final int CONNECTIONS = 6;
    private static final int SAMPLES = 2 * 25;
    private static final long START = System.currentTimeMillis() / 1000 * 1000 - 60_000;

    private SinkFixture fixture;
    private LakeFiles lake;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();
        lake = new LakeFiles(fixture);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldLeaveNoDuplicateWhenTheSinkCrashesBetweenTwoUploadsOfARoll() throws Exception {
        // Given: a sink whose lake dies right after the first file of a roll is stored
        AtomicReference<SinkService> crashing = new AtomicReference<>();
        List<String> storedBeforeCrash = new ArrayList<>();
        UnaryOperator<LakeStore> crashAfterFirstPut = store -> (key, file) -> {
            store.put(key, file);
            storedBeforeCrash.add(key);
            crashing.get().haltLake();
        };
        Optional<LakeConfig> config = lake.config(Duration.ofSeconds(3));
        SinkService first = new SinkService(
                fixture.config(), config, UnaryOperator.identity(), UnaryOperator.identity(), crashAfterFirstPut);
        crashing.set(first);
        first.start();
        produce();
        await().atMost(WAIT).pollInterval(POLL).until(first::lakeStopped);
        first.close();
        String pinned = storedBeforeCrash.getFirst();

        // Then: the group's offset still stands at the roll's start, with the roll's end as intent
        assertThat(storedBeforeCrash).hasSize(1);
        assertThat(committedLakeOffsets().values())
                .anySatisfy(offset -> assertThat(offset.metadata()).startsWith("rtcstats-lake-roll-end="));
        assertThat(instanceDirs()).hasSize(1);

        // When: a new sink of the same group takes over
        try (SinkService second = new SinkService(fixture.config(), config)) {
            second.start();

            // Then: every sample exactly once, the stored file overwritten under its own name, nothing partial
            awaitEverySampleOnce();
            assertThat(lake.keys()).contains(pinned);
            assertThat(committedLakeOffsets().values())
                    .allSatisfy(offset -> assertThat(offset.metadata()).isEmpty());
        }
        assertThat(instanceDirs()).isEmpty();
    }

    @Test
    void shouldStoreNothingWhenTheSinkCrashesWhileItsFilesAreOpen() throws Exception {
        // Given: a lake that rolls only after an hour, so its files are still being written
        SinkService first = new SinkService(fixture.config(), lake.config(Duration.ofHours(1)));
        first.start();
        produce();
        await().atMost(WAIT)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(first.metrics()
                                .registry()
                                .get("rtcstats.sink.lake.uncommitted.records")
                                .gauge()
                                .value())
                        .isEqualTo(2.0 * CONNECTIONS));

        // When: it crashes with open files, and a sink that rolls every 2 s takes over
        first.haltLake();
        await().atMost(WAIT).pollInterval(POLL).until(first::lakeStopped);
        first.close();
        List<String> keysAfterCrash = lake.keys();
        List<Path> leftovers = spoolFiles();
        try (SinkService second = new SinkService(fixture.config(), lake.config(Duration.ofSeconds(2)))) {
            second.start();

            // Then: nothing was visible before the takeover, and everything once after it
            awaitEverySampleOnce();
        }
        assertThat(keysAfterCrash).isEmpty();
        assertThat(leftovers).isNotEmpty().noneMatch(Files::exists);
    }

    /** Two tenants, so each roll of a partition holds several files. */
    private void produce() {
        for (int i = 0; i < CONNECTIONS; i++) {
            String tenant = i % 2 == 0 ? "acme" : "globex";
            fixture.produceStats(LakeFiles.series("crash-" + i, "crash-room", tenant, START, SAMPLES / 2, 1));
            fixture.produceSession(SinkFixture.session("crash-" + i, "crash-room", "user-" + i, 1));
        }
    }

    private void awaitEverySampleOnce() {
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions().untilAsserted(() -> {
            assertThat(lake.count("stats_timeseries", "conference = 'crash-room'"))
                    .isEqualTo((long) CONNECTIONS * SAMPLES);
            assertThat(lake.count("sessions", "conference = 'crash-room'")).isEqualTo(CONNECTIONS);
        });
        String distinct = "SELECT uniqExact(connection_id, report_id, metric, ts) FROM " + lake.s3("stats_timeseries");
        try {
            assertThat(fixture.count(distinct)).isEqualTo((long) CONNECTIONS * SAMPLES);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedLakeOffsets() throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.infra.kafkaBootstrap());
        try (Admin admin = Admin.create(properties)) {
            return admin.listConsumerGroupOffsets(fixture.env.get("SINK_GROUP_ID") + "-lake")
                    .partitionsToOffsetAndMetadata()
                    .get();
        }
    }

    private List<Path> instanceDirs() throws Exception {
        try (Stream<Path> dirs = Files.list(lake.spoolRoot())) {
            return dirs.toList();
        }
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.walk(lake.spoolRoot())) {
            return files.filter(path -> path.toString().endsWith(".parquet")).toList();
        }
    }
}
