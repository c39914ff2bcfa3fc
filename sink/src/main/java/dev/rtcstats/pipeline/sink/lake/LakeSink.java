package dev.rtcstats.pipeline.sink.lake;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet lake: its own consumer group and thread beside the sink's blob and row loops, writing
 * {@code stats_timeseries}, {@code features_*} and {@code sessions} as Parquet files to the bucket (see the
 * README's "Parquet lake"). It shares nothing with the other loops but the process.
 */
public final class LakeSink implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(LakeSink.class);

    private final LakeLoop loop;
    private final LakeConfig config;
    private Thread thread;

    /**
     * @param consumer      a consumer of the lake's own group, {@code read_committed}, without auto-commit
     * @param featureColumns ClickHouse's feature tables at start: table → (column → type), in column order
     * @param blobUrl       the sink's {@code blob_url} of a dump key
     * @param retryDelay    back-off after the n-th failed upload
     */
    public LakeSink(
            LakeConfig config,
            LakeTopics topics,
            LakeStore store,
            Consumer<byte[], byte[]> consumer,
            Map<String, Map<String, String>> featureColumns,
            UnaryOperator<String> blobUrl,
            MeterRegistry registry,
            IntFunction<Duration> retryDelay,
            Clock clock)
            throws IOException {
        this.config = config;
        LakeRecords records = new LakeRecords(topics, new SessionsTable(blobUrl), new FeatureTables(featureColumns));
        this.loop = new LakeLoop(
                consumer,
                topics,
                records,
                store,
                SpoolDir.open(config.spoolDir()),
                config,
                retryDelay,
                new LakeMetrics(registry),
                clock);
    }

    public void start() {
        thread = Thread.ofPlatform().name("sink-lake").start(loop);
        LOGGER.atInfo()
                .addKeyValue("bucket", config.bucket())
                .addKeyValue("prefix", config.prefix())
                .addKeyValue("rollInterval", config.rollInterval())
                .addKeyValue("rollBytes", config.rollBytes())
                .log("lake started");
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    /** Stops as a crash would: no further upload or commit, spool files left behind; for tests. */
    public void halt() {
        loop.halt();
    }

    /** Rolls what may roll now, commits, and stops. */
    @Override
    public void close() {
        close(Duration.ofDays(1));
    }

    /**
     * Like {@link #close()}, waiting at most {@code grace}: what is not committed by then is read again by the
     * next owner of the partitions.
     */
    public void close(Duration grace) {
        loop.stop();
        if (thread != null) {
            try {
                if (!thread.join(grace.isNegative() ? Duration.ZERO : grace)) {
                    LOGGER.atWarn().addKeyValue("grace", grace).log("lake did not stop in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
