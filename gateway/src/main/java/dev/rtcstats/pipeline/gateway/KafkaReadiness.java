package dev.rtcstats.pipeline.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker answers, refreshed in the background with {@code describeCluster} so that {@code /ready} never
 * waits on Kafka.
 */
final class KafkaReadiness implements BooleanSupplier, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaReadiness.class);
    private final Admin admin;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-readiness").daemon(true).factory());
    private volatile boolean reachable;

    KafkaReadiness(String bootstrapServers, Duration interval) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "gateway-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) interval.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) interval.toMillis()));
        this.interval = interval;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        boolean now;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
                    .clusterId()
                    .get(interval.toMillis(), TimeUnit.MILLISECONDS);
            now = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            now = false;
        }
        if (now != reachable) {
            LOGGER.atInfo().addKeyValue("reachable", now).log("Kafka reachability changed");
        }
        reachable = now;
    }

    @Override
    public boolean getAsBoolean() {
        return reachable;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
