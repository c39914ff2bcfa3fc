package dev.rtcstats.pipeline.enricher.replay;

import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.AssemblyCounters;
import dev.rtcstats.pipeline.enricher.EnricherMetrics;
import dev.rtcstats.pipeline.enricher.EnricherTopology;
import dev.rtcstats.pipeline.enricher.FeatureExtraction;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterCounters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay run: positions its consumer group at {@code --from}, runs the enricher topology restricted to the
 * selected connections, and stops once every partition's committed offset reached the end captured at start and
 * the connections still open then have been closed. Those are closed by the assembler's punctuator as a timeout
 * would close them, after {@link ReplaySelection#finish()}; this class watches the connections store (interactive
 * query) until it is empty, then shuts Kafka Streams down (committing the last transaction) and removes local state.
 */
public final class Replay implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Replay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * Leaving the group on close (Kafka Streams stays in it by default) lets a rerun start at once instead of
     * waiting a session timeout for the old member to expire; a batch has no rolling bounce to protect.
     */
    private static final CloseOptions CLOSE = CloseOptions.timeout(Duration.ofSeconds(60))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

    private final ReplayConfig config;
    private final FeatureExtraction features;
    private final PrintStream console;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaStreams streams;
    private volatile boolean closing;

    /** {@code console} receives the progress and summary lines for the operator (stderr in production). */
    public Replay(ReplayConfig config, FeatureExtraction features, PrintStream console) {
        this.config = config;
        this.features = features;
        this.console = console;
    }

    /** Runs the replay to its end; a {@link ReplayException} leaves state and offsets in place for a rerun. */
    public ReplaySummary run() throws ReplayException, InterruptedException {
        long started = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.enricher().kafka().bootstrapServers()))) {
            ReplayRange range = ReplayRange.prepare(admin, config);
            LOGGER.atInfo()
                    .addKeyValue("applicationId", config.applicationId())
                    .addKeyValue("version", config.version())
                    .addKeyValue("from", config.from())
                    .addKeyValue("to", config.to())
                    .addKeyValue("conference", config.conference())
                    .addKeyValue("records", range.records())
                    .addKeyValue("resumed", range.resumed())
                    .log("replay starting");
            console.println(String.format(
                    Locale.ROOT,
                    "replay v%d: %s, %,d records from %s%s",
                    config.version(),
                    config.applicationId(),
                    range.records(),
                    config.from(),
                    range.resumed() ? ", resuming from the offsets this replay committed before" : ""));
            ReplaySelection selection =
                    new ReplaySelection(config.from(), config.to(), config.conference(), range.end());
            EnricherMetrics metrics = EnricherMetrics.register(new SimpleMeterRegistry());
            AssemblyCounters counters = metrics.assembly();
            KafkaStreams running = start(selection, metrics);
            watch(admin, range, selection, counters, started);
            if (!running.close(CLOSE)) {
                throw new ReplayException(
                        "Kafka Streams did not shut down in time; run the same command again to " + "resume", null);
            }
            running.cleanUp();
            ReplaySummary summary = new ReplaySummary(
                    config.version(),
                    range.records(),
                    (long) counters.closedByClient().count(),
                    (long) counters.closedByTimeout().count(),
                    Duration.ofNanos(System.nanoTime() - started));
            LOGGER.atInfo()
                    .addKeyValue("version", summary.version())
                    .addKeyValue("records", summary.records())
                    .addKeyValue("connections", summary.connections())
                    .addKeyValue("closedByClient", summary.closedByClient())
                    .addKeyValue("closedAtEnd", summary.closedAtEnd())
                    .addKeyValue("elapsedMs", summary.elapsed().toMillis())
                    .log("replay done");
            console.println(summary.line());
            return summary;
        } catch (ExecutionException e) {
            throw new ReplayException(
                    "Kafka request failed: " + e.getCause().getMessage() + "; run the same command again to resume",
                    e.getCause());
        }
    }

    private KafkaStreams start(ReplaySelection selection, EnricherMetrics metrics) throws ReplayException {
        Properties properties = config.streamsProperties();
        properties.put(DeadLetterCounters.CONFIG, metrics.deadLetters());
        KafkaStreams created = new KafkaStreams(
                EnricherTopology.buildTopology(config.enricher(), features, metrics, selection), properties);
        created.setStateListener((next, previous) -> {
            LOGGER.atInfo()
                    .addKeyValue("from", previous)
                    .addKeyValue("to", next)
                    .log("replay streams state changed");
            if (next == KafkaStreams.State.ERROR
                    || next == KafkaStreams.State.PENDING_SHUTDOWN
                    || next == KafkaStreams.State.PENDING_ERROR) {
                stopped.countDown();
            }
        });
        // A replay is a batch: stop and let the operator rerun (which resumes) rather than retry forever.
        created.setUncaughtExceptionHandler(e -> {
            LOGGER.atError().setCause(e).log("replay stream thread died, stopping");
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams = created;
        if (closing) {
            throw new ReplayException("replay stopped before it started", null);
        }
        created.start();
        return created;
    }

    private void watch(
            Admin admin, ReplayRange range, ReplaySelection selection, AssemblyCounters counters, long started)
            throws ExecutionException, InterruptedException, ReplayException {
        long doneAtStart = -1;
        long nextReport = System.nanoTime();
        while (true) {
            if (stopped.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ReplayException(
                        "Kafka Streams stopped in state " + streams.state()
                                + " before the replay finished; run the same command again to resume",
                        null);
            }
            Map<Integer, Long> committed = committed(admin);
            long done = range.done(committed);
            if (doneAtStart < 0) {
                doneAtStart = done;
            }
            if (!selection.finishing() && range.reached(committed)) {
                LOGGER.atInfo()
                        .addKeyValue("records", range.records())
                        .log("replay read its range, closing the connections still open");
                selection.finish();
            }
            boolean finished = selection.finishing() && openConnections() == 0;
            long now = System.nanoTime();
            if (finished || now >= nextReport) {
                long connections = (long) (counters.closedByClient().count()
                        + counters.closedByTimeout().count());
                report(ReplayProgress.of(
                        config.version(),
                        done,
                        range.records(),
                        connections,
                        done - doneAtStart,
                        Duration.ofNanos(now - started)));
                nextReport = now + config.progressInterval().toNanos();
            }
            if (finished) {
                return;
            }
        }
    }

    private Map<Integer, Long> committed(Admin admin) throws ExecutionException, InterruptedException {
        Map<Integer, Long> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(config.applicationId())
                .partitionsToOffsetAndMetadata()
                .get();
        offsets.forEach((partition, offset) -> {
            if (offset != null && Topics.FRAMES.equals(partition.topic())) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    /** Connections in the local stores, or -1 while they cannot be queried (rebalancing, restoring). */
    private long openConnections() {
        try {
            ReadOnlyKeyValueStore<String, Object> store = streams.store(StoreQueryParameters.fromNameAndType(
                    EnricherTopology.CONNECTIONS_STORE, QueryableStoreTypes.keyValueStore()));
            long open = 0;
            try (KeyValueIterator<String, Object> all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    open++;
                }
            }
            return open;
        } catch (InvalidStateStoreException e) {
            return -1;
        }
    }

    private void report(ReplayProgress progress) {
        LOGGER.atInfo()
                .addKeyValue("version", progress.version())
                .addKeyValue("percent", progress.percent())
                .addKeyValue("records", progress.done())
                .addKeyValue("total", progress.total())
                .addKeyValue("connections", progress.connections())
                .addKeyValue(
                        "etaSeconds",
                        progress.eta() == null ? null : progress.eta().toSeconds())
                .log("replay progress");
        console.println(progress.line());
    }

    /** Stops Kafka Streams without removing local state, so that a rerun resumes. */
    @Override
    public void close() {
        closing = true;
        KafkaStreams current = streams;
        if (current != null) {
            current.close(CLOSE);
        }
    }
}
