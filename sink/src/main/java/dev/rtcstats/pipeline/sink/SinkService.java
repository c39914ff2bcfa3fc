package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.HealthServer;
import dev.rtcstats.pipeline.sink.lake.LakeConfig;
import dev.rtcstats.pipeline.sink.lake.LakeSink;
import dev.rtcstats.pipeline.sink.lake.LakeStore;
import dev.rtcstats.pipeline.sink.lake.MinioLakeStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled sink: prepares bucket and schema, then runs one {@link ConsumerLoop} per store on its own thread
 * with its own consumer group (and, when enabled, the Parquet {@link LakeSink}), and serves health, readiness and metrics. Ready
 * means every loop runs and none has a record older than {@link RuntimeSettings#readyMaxAge()} that is not committed.
 */
public final class SinkService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SinkService.class);

    /** The service's lifecycle. */
    enum State {
        NEW,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final SinkConfig config;
    private final Clock clock = Clock.systemUTC();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SinkMetrics metrics = new SinkMetrics(registry);
    private final MinioBlobStore minio;
    private final BlobStore blobStore;
    private final ClickHouse clickHouse;
    private final ClickHouseInserter inserter;
    private final TableInserter tableInserter;
    private final KafkaClients kafka;
    private final Optional<LakeConfig> lakeConfig;
    private final UnaryOperator<LakeStore> decorateLakeStore;
    private final List<Worker> workers = new ArrayList<>();
    private final StartSteps steps;
    private volatile State state = State.NEW;
    private SpoolDirectory spool;
    private DeadLetters deadLetters;
    private HealthServer health;
    private LakeSink lake;

    private record Worker(ConsumerLoop loop, Thread thread) {}

    SinkService(SinkConfig config) {
        this(config, Optional.empty());
    }

    /** The sink {@code Main} runs: configured from these environment variables (README), not started yet. */
    public static SinkService fromEnv(Map<String, String> env) {
        SinkConfig config = SinkConfig.fromEnv(env);
        return new SinkService(config, LakeConfig.fromEnv(env, config.s3().bucket()));
    }

    SinkService(SinkConfig config, Optional<LakeConfig> lakeConfig) {
        this(config, lakeConfig, UnaryOperator.identity(), UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** The decorators let tests put a failing or crashing store in front of the real bucket and database. */
    SinkService(
            SinkConfig config,
            UnaryOperator<BlobStore> decorateBlobStore,
            UnaryOperator<TableInserter> decorateInserter) {
        this(config, Optional.empty(), decorateBlobStore, decorateInserter, UnaryOperator.identity());
    }

    SinkService(
            SinkConfig config,
            Optional<LakeConfig> lakeConfig,
            UnaryOperator<BlobStore> decorateBlobStore,
            UnaryOperator<TableInserter> decorateInserter,
            UnaryOperator<LakeStore> decorateLakeStore) {
        this.config = config;
        this.lakeConfig = lakeConfig;
        this.decorateLakeStore = decorateLakeStore;
        this.minio = new MinioBlobStore(config.s3());
        this.blobStore = decorateBlobStore.apply(minio);
        this.clickHouse = new ClickHouse(config.clickhouse());
        this.inserter = new ClickHouseInserter(config.clickhouse());
        this.tableInserter = decorateInserter.apply(inserter);
        this.kafka = new KafkaClients(config.kafka(), registry);
        this.steps = new StartSteps(
                config.batch().backoff(), metrics, () -> state == State.STOPPING || state == State.STOPPED);
        metrics.readiness(() -> ready() ? 1 : 0);
    }

    /** Waits for S3 and ClickHouse, migrates the schema, then starts consuming. */
    public void start() throws IOException, InterruptedException {
        state = State.STARTING;
        if (config.s3().createBucket()) {
            steps.untilDone("create bucket", minio::ensureBucket);
        }
        List<Migration> migrations = config.clickhouse().migrationsDir() == null
                ? Migrations.fromClasspath()
                : Migrations.fromDirectory(config.clickhouse().migrationsDir());
        steps.untilDone(
                "migrate schema",
                () -> new MigrationRunner(clickHouse, config.clickhouse().cluster()).migrate(migrations));
        Map<String, TableSchema> schemas =
                steps.untilDone("read table columns", () -> clickHouse.schemas(RowRoutes.tables()));
        spool = SpoolDirectory.create(config.runtime().spoolBase());
        deadLetters = new DeadLetters(kafka.producer(), config.kafka().deadLettersTopic(), metrics);
        Backoff backoff = config.batch().backoff();
        BatchWriter writer = new BatchWriter(tableInserter, metrics);
        startLoop(
                "blobs",
                List.of(config.kafka().dumpsTopic()),
                new BlobSink(blobStore, spool.path(), deadLetters, metrics),
                backoff);
        startRowLoop(
                "sessions",
                RowRoutes.sessions(config.kafka(), config.s3(), schemas, metrics),
                config.batch().forSessions(),
                writer);
        startRowLoop("rows", RowRoutes.series(config.kafka(), schemas, metrics), config.batch(), writer);
        if (lakeConfig.isPresent()) {
            startLake(lakeConfig.get(), schemas, backoff);
        }
        health = new HealthServer(config.runtime().httpPort(), this::alive, this::ready, registry::scrape);
        health.start();
        state = State.RUNNING;
        LOGGER.atInfo()
                .addKeyValue("httpPort", health.port())
                .addKeyValue("spool", spool.path())
                .addKeyValue("config", config)
                .log("sink started");
    }

    private void startLake(LakeConfig lakeConfig, Map<String, TableSchema> schemas, Backoff backoff)
            throws IOException, InterruptedException {
        MinioLakeStore store = LakeWiring.store(config.s3(), lakeConfig);
        if (config.s3().createBucket()) {
            steps.untilDone("create lake bucket", () -> {
                store.ensureBucket();
                return true;
            });
        }
        lake = new LakeSink(
                lakeConfig,
                LakeWiring.topics(config.kafka()),
                decorateLakeStore.apply(store),
                kafka.consumer("lake"),
                LakeWiring.featureColumns(schemas),
                config.s3()::blobUrl,
                registry,
                backoff::delay,
                clock);
        lake.start();
    }

    private void startRowLoop(String name, Map<String, RowEncoder> routes, BatchSettings batch, BatchWriter writer) {
        RowSink sink = new RowSink(name, routes, writer, deadLetters, batch, metrics, clock);
        startLoop(name, sink.topics(), sink, batch.backoff());
    }

    /** A loop in its own consumer group and thread, both named after it. */
    private void startLoop(String name, Collection<String> topics, RecordSink sink, Backoff backoff) {
        ConsumerLoop loop = new ConsumerLoop(name, kafka.consumer(name), topics, sink, backoff, metrics, clock);
        Thread thread = Thread.ofPlatform().name("sink-" + loop.name()).start(loop);
        workers.add(new Worker(loop, thread));
    }

    State state() {
        return state;
    }

    /** Every loop runs (or has not started yet). */
    boolean alive() {
        return !workers.isEmpty()
                && workers.stream().allMatch(w -> w.loop().running())
                && (lake == null || lake.alive());
    }

    /** Alive, and no loop holds a record uncommitted for longer than the readiness threshold. */
    public boolean ready() {
        if (state != State.RUNNING || !alive()) {
            return false;
        }
        Instant now = clock.instant();
        Duration max = config.runtime().readyMaxAge();
        return workers.stream().allMatch(w -> w.loop().progress().oldestAge(now).compareTo(max) < 0);
    }

    SinkMetrics metrics() {
        return metrics;
    }

    /** Every meter of the sink, as {@code /metrics} serves them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port {@code /healthcheck}, {@code /ready} and {@code /metrics} answer on. */
    public int httpPort() {
        return health.port();
    }

    /** Stops the blob loop as a crash would: no further write, no commit; returns at once. For tests. */
    void haltBlobs() {
        workers.get(0).loop().halt();
    }

    /** Stops both row loops as a crash would: no further write, no commit; returns at once. For tests. */
    void haltRows() {
        workers.subList(1, workers.size()).forEach(w -> w.loop().halt());
    }

    /** Stops the lake as a crash would: no further upload, no commit, spool files left; returns at once. For tests. */
    void haltLake() {
        lake.halt();
    }

    /** The lake does not run (any more). */
    boolean lakeStopped() {
        return lake == null || !lake.alive();
    }

    /** No loop runs any more. */
    boolean stopped() {
        return workers.stream().noneMatch(w -> w.thread().isAlive());
    }

    /**
     * Lets the loops write what they hold and commit, within {@link RuntimeSettings#shutdownGrace()}: what is not
     * committed by then is read again by the next owner of the partitions.
     */
    @Override
    public void close() {
        state = State.STOPPING;
        Instant deadline = clock.instant().plus(config.runtime().shutdownGrace());
        workers.forEach(w -> w.loop().stop(deadline));
        if (lake != null) {
            lake.close(Duration.between(clock.instant(), deadline));
        }
        for (Worker worker : workers) {
            try {
                Duration left = Duration.between(clock.instant(), deadline);
                if (!worker.thread().join(left.isNegative() ? Duration.ZERO : left)) {
                    LOGGER.atWarn()
                            .addKeyValue("thread", worker.thread().getName())
                            .log("loop did not stop in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (health != null) {
            health.close();
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (deadLetters != null) {
            deadLetters.close(left.isNegative() ? Duration.ZERO : left);
        }
        kafka.close();
        inserter.close();
        if (spool != null && stopped()) {
            spool.close();
        }
        registry.close();
        state = State.STOPPED;
    }
}
