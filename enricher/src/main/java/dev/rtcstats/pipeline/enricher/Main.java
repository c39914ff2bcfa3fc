package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.enricher.features.StatsSelection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;

/** Starts the enricher from its environment and stops it on SIGTERM within {@code ENRICHER_SHUTDOWN_GRACE}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        EnricherConfig config = EnricherConfig.fromEnv(System.getenv());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EnricherService service = EnricherService.create(
                config, new DumpFeatureExtraction(StatsSelection.fromEnv(System.getenv())), registry);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            registry.close();
                        },
                        "enricher-shutdown"));
        service.start();
    }
}
