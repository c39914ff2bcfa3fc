package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.HealthServer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled sink: prepares bucket and schema, then runs the blob loop and the row loop on their own threads
 * with their own consumer groups, and serves health and metrics.
 */
final class SinkService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SinkService.class);

    private final SinkConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SinkMetrics metrics = new SinkMetrics(registry);
    private final MinioBlobStore minio;
    private final BlobStore blobStore;
    private final ClickHouse clickHouse;
    private final RowWriter rowWriter;
    private final Backoff backoff;
    private final List<KafkaClientMetrics> kafkaMetrics = new ArrayList<>();
    private volatile boolean closed;
    private BlobSinkLoop blobLoop;
    private RowSinkLoop rowLoop;
    private Thread blobThread;
    private Thread rowThread;
    private HealthServer health;

    SinkService(SinkConfig config) {
        this(config, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** The decorators let tests put a failing or crashing store in front of the real bucket and database. */
    SinkService(
            SinkConfig config, UnaryOperator<BlobStore> decorateBlobStore, UnaryOperator<RowWriter> decorateRowWriter) {
        this.config = config;
        this.minio = new MinioBlobStore(config);
        this.blobStore = decorateBlobStore.apply(minio);
        this.clickHouse = new ClickHouse(config.clickhouseUrl(), config.clickhouseUser(), config.clickhousePassword());
        this.rowWriter = decorateRowWriter.apply(clickHouse);
        this.backoff = new Backoff(config.retryInitial(), config.retryMax());
    }

    /** Waits for S3 and ClickHouse, migrates the schema, then starts consuming. */
    void start() throws IOException, InterruptedException {
        if (config.s3CreateBucket()) {
            untilDone("create bucket", minio::ensureBucket);
        }
        List<Migration> migrations = config.migrationsDir() == null
                ? Migrations.fromClasspath()
                : Migrations.fromDirectory(config.migrationsDir());
        untilDone("migrate schema", () -> new MigrationRunner(clickHouse).migrate(migrations));
        Map<String, Map<String, String>> featureColumns =
                untilDone("read feature columns", () -> clickHouse.columnTypes(FeatureRows.TABLES));
        Clock clock = Clock.systemUTC();
        blobLoop = new BlobSinkLoop(
                consumer("blobs"), config.dumpsTopic(), blobStore, config.spoolDir(), backoff, metrics, clock);
        rowLoop = new RowSinkLoop(
                consumer("rows"),
                config.sessionsTopic(),
                config.featuresTopic(),
                config.statsTopic(),
                rowWriter,
                new SessionRows(config::blobUrl),
                new FeatureRows(featureColumns, metrics),
                config.batchRows(),
                config.batchInterval(),
                backoff,
                metrics,
                clock);
        blobThread = Thread.ofPlatform().name("sink-blobs").start(blobLoop);
        rowThread = Thread.ofPlatform().name("sink-rows").start(rowLoop);
        health = new HealthServer(
                config.httpPort(),
                this::alive,
                Probe.readiness(this::alive, List.of(clickHouse, minio)),
                registry::scrape);
        health.start();
        LOGGER.atInfo()
                .addKeyValue("httpPort", health.port())
                .addKeyValue("bucket", config.s3Bucket())
                .addKeyValue("featureTables", featureColumns.keySet())
                .log("sink started");
    }

    boolean alive() {
        return blobThread != null && blobThread.isAlive() && rowThread.isAlive();
    }

    SinkMetrics metrics() {
        return metrics;
    }

    int httpPort() {
        return health.port();
    }

    /** Stops the blob loop as a crash would: no further write, no commit; returns at once. For tests. */
    void haltBlobs() {
        blobLoop.halt();
    }

    /** Stops the row loop as a crash would: no further write, no commit; returns at once. For tests. */
    void haltRows() {
        rowLoop.halt();
    }

    /** Neither loop runs any more. */
    boolean stopped() {
        return !blobThread.isAlive() && !rowThread.isAlive();
    }

    /** Lets both loops write what they hold and commit, then stops them. */
    @Override
    public void close() {
        closed = true;
        if (health != null) {
            health.close();
        }
        if (blobLoop != null) {
            blobLoop.stop();
            rowLoop.stop();
            try {
                blobThread.join();
                rowThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafkaMetrics.forEach(KafkaClientMetrics::close);
        registry.close();
    }

    private KafkaConsumer<byte[], byte[]> consumer(String role) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId() + "-" + role);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + role);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // The client's own records-lag and fetch metrics, next to the sink's, on /metrics.
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(registry);
        kafkaMetrics.add(clientMetrics);
        return consumer;
    }

    private <T> T untilDone(String step, Attempt<T> attempt) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return attempt.run();
            } catch (MigrationException e) {
                throw e;
            } catch (Exception e) {
                if (closed) {
                    throw new IllegalStateException("closed while trying to " + step, e);
                }
                Duration delay = backoff.delay(failures);
                metrics.retry(step);
                LOGGER.atWarn()
                        .addKeyValue("step", step)
                        .addKeyValue("retryInMs", delay.toMillis())
                        .addKeyValue("error", e.toString())
                        .log("start step failed; retrying");
                Thread.sleep(delay);
            }
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws Exception;
    }
}
