package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.HealthServer;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running enricher: Kafka Streams with the enricher topology, its health and metrics endpoint, and the
 * {@link ProgressWatch} behind {@code /ready} and {@code rtcstats.enricher.ready}. {@link #close()} returns within
 * {@code ENRICHER_SHUTDOWN_GRACE} whether or not the broker answers.
 */
public final class EnricherService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EnricherService.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    /** The service's lifecycle; {@code /healthcheck} is green from STARTING to RUNNING. */
    public enum State {
        CREATED,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final EnricherConfig config;
    private final KafkaStreams streams;
    private final Admin admin;
    private final ProgressWatch progress;
    private final HealthServer health;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService sampler;
    private final Counter threadsReplaced;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);

    private EnricherService(
            EnricherConfig config,
            KafkaStreams streams,
            Admin admin,
            PrometheusMeterRegistry registry,
            ScheduledExecutorService sampler)
            throws IOException {
        this.config = config;
        this.streams = streams;
        this.admin = admin;
        this.sampler = sampler;
        this.progress = new ProgressWatch(
                admin,
                config.applicationId(),
                this::ownedPartitions,
                config.operations().stallAfter(),
                System::currentTimeMillis);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Gauge.builder("rtcstats.enricher.ready", () -> ready() ? 1 : 0)
                .description("1 while the enricher makes progress on its input, 0 otherwise")
                .register(registry);
        Gauge.builder("rtcstats.enricher.lag.records", progress::lag)
                .description("frames-topic records waiting in this instance's partitions")
                .register(registry);
        this.threadsReplaced = Counter.builder("rtcstats.enricher.threads.replaced")
                .description("stream threads that died and were replaced; client input never causes it")
                .register(registry);
        this.health = new HealthServer(config.operations().httpPort(), this::alive, this::ready, registry::scrape);
    }

    /**
     * Builds the service: reads the output topics' record limit (lowering {@code ENRICHER_MAX_RECORD_BYTES} to it
     * when smaller), then creates Kafka Streams. Nothing runs until {@link #start()}.
     */
    public static EnricherService create(
            EnricherConfig configured, FeatureExtraction features, PrometheusMeterRegistry registry)
            throws IOException, InterruptedException {
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, configured.kafka().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
        EnricherConfig config = withTopicLimits(configured, OutputLimits.read(admin, ADMIN_TIMEOUT));
        EnricherMetrics metrics = EnricherMetrics.register(registry);
        // The progress watch needs the streams instance, whose topology asks the watch: linked once built.
        AtomicReference<BooleanSupplier> inputCaughtUp = new AtomicReference<>(() -> false);
        KafkaStreams streams = new KafkaStreams(
                EnricherTopology.buildTopology(
                        config,
                        features,
                        metrics,
                        Selection.LIVE,
                        () -> inputCaughtUp.get().getAsBoolean()),
                EnricherTopology.streamsProperties(config, metrics));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "enricher-progress");
            thread.setDaemon(true);
            return thread;
        });
        EnricherService service = new EnricherService(config, streams, admin, registry, sampler);
        inputCaughtUp.set(service.progress::caughtUp);
        return service;
    }

    private static EnricherConfig withTopicLimits(EnricherConfig config, OptionalInt topics) {
        int configured = config.budgets().maxRecordBytes();
        if (topics.isEmpty()) {
            LOGGER.atWarn()
                    .addKeyValue("maxRecordBytes", configured)
                    .log("output topics' max.message.bytes unknown, keeping ENRICHER_MAX_RECORD_BYTES");
            return config;
        }
        if (topics.getAsInt() >= configured) {
            return config;
        }
        LOGGER.atWarn()
                .addKeyValue("configured", configured)
                .addKeyValue("topics", topics.getAsInt())
                .log("an output topic accepts less than ENRICHER_MAX_RECORD_BYTES; larger records go to dead letters");
        return config.withMaxRecordBytes(Math.max(64 * 1024, topics.getAsInt()));
    }

    /** Starts Kafka Streams, the progress sampling and the HTTP endpoint. */
    public void start() {
        if (!state.compareAndSet(State.CREATED, State.STARTING)) {
            throw new IllegalStateException("the enricher service starts once, it is " + state.get());
        }
        streams.setStateListener((next, previous) -> {
            LOGGER.atInfo()
                    .addKeyValue("from", previous)
                    .addKeyValue("to", next)
                    .log("streams state changed");
            if (next == KafkaStreams.State.RUNNING) {
                state.compareAndSet(State.STARTING, State.RUNNING);
            }
        });
        // Client input cannot kill a thread (it is dead-lettered); a thread that dies anyway is replaced.
        streams.setUncaughtExceptionHandler(e -> {
            threadsReplaced.increment();
            LOGGER.atError().setCause(e).log("stream thread died, replacing it");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        long period =
                Math.max(500, Math.min(2_000, config.operations().stallAfter().toMillis() / 4));
        sampler.scheduleWithFixedDelay(this::sample, period, period, TimeUnit.MILLISECONDS);
        health.start();
        LOGGER.atInfo()
                .addKeyValue("applicationId", config.applicationId())
                .addKeyValue("instanceId", config.kafka().instanceId().orElse("none"))
                .addKeyValue("httpPort", health.port())
                .log("enricher started");
    }

    public State state() {
        return state.get();
    }

    /** The port {@code /healthcheck}, {@code /ready} and {@code /metrics} answer on. */
    public int httpPort() {
        return health.port();
    }

    /** Stream threads running (or rebalancing) and no owned partition stalled. */
    public boolean ready() {
        KafkaStreams.State current = streams.state();
        boolean running = current == KafkaStreams.State.RUNNING || current == KafkaStreams.State.REBALANCING;
        return state.get() == State.RUNNING && running && progress.progressing();
    }

    /** The names of the live stream threads: a replaced thread comes back under a new name. */
    public Set<String> streamThreadNames() {
        return streams.metadataForLocalThreads().stream()
                .map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    private boolean alive() {
        State current = state.get();
        return (current == State.STARTING || current == State.RUNNING)
                && streams.state().isRunningOrRebalancing();
    }

    private void sample() {
        try {
            progress.sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.atWarn().addKeyValue("error", e.toString()).log("progress sample failed");
        }
    }

    private Set<TopicPartition> ownedPartitions() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .collect(Collectors.toSet());
    }

    /**
     * Stops within {@code ENRICHER_SHUTDOWN_GRACE}: Kafka Streams commits what it finished and, without static
     * membership, leaves the group so that others take over at once; a static member stays, so that its restart
     * under the same instance id gets its partitions back without a rebalance.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.STOPPING);
        if (previous == State.STOPPING || previous == State.STOPPED) {
            state.set(previous);
            return;
        }
        Duration grace = config.operations().shutdownGrace();
        sampler.shutdownNow();
        health.close();
        CloseOptions options = CloseOptions.timeout(grace.minusMillis(Math.min(1_000, grace.toMillis() / 4)))
                .withGroupMembershipOperation(
                        config.kafka().instanceId().isPresent()
                                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        boolean clean = streams.close(options);
        streamsMetrics.close();
        admin.close(Duration.ofMillis(200));
        state.set(State.STOPPED);
        LOGGER.atInfo().addKeyValue("clean", clean).log("enricher stopped");
    }
}
