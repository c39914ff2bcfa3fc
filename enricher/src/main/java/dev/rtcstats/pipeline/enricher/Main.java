package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.HealthServer;
import dev.rtcstats.pipeline.enricher.features.StatsSelection;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the enricher: Kafka Streams assembly plus the health and metrics endpoint. */
public final class Main {
    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private Main() {}

    public static void main(String[] args) throws IOException {
        EnricherConfig config = EnricherConfig.fromEnv(System.getenv());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FeatureExtraction features = new DumpFeatureExtraction(StatsSelection.fromEnv(System.getenv()));
        EnricherMetrics metrics = EnricherMetrics.register(registry);
        KafkaStreams streams = new KafkaStreams(
                EnricherTopology.buildTopology(config, features, metrics),
                EnricherTopology.streamsProperties(config, metrics));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        HealthServer health = new HealthServer(
                config.operations().httpPort(),
                () -> true,
                () -> streams.state() == KafkaStreams.State.RUNNING,
                registry::scrape);
        streams.setStateListener((next, previous) -> LOGGER.atInfo()
                .addKeyValue("from", previous)
                .addKeyValue("to", next)
                .log("streams state changed"));
        streams.setUncaughtExceptionHandler(e -> {
            LOGGER.atError().setCause(e).log("stream thread died, replacing it");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            health.close();
                            streamsMetrics.close();
                            streams.close(SHUTDOWN_TIMEOUT);
                            registry.close();
                        },
                        "enricher-shutdown"));
        streams.start();
        health.start();
        LOGGER.atInfo()
                .addKeyValue("applicationId", config.applicationId())
                .addKeyValue("httpPort", health.port())
                .log("enricher started");
    }
}
