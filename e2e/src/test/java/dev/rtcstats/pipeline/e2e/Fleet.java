package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.gateway.GenerateToken;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several instances of every service, each in its own JVM, on one Kafka cluster, writing to a bucket and a ClickHouse
 * database of their own. Gateways sit behind a round-robin "load balancer" that an operator takes one out of before
 * stopping it, as a readiness probe would.
 */
final class Fleet implements AutoCloseable {
    /**
     * The production default. The enricher times connections out on its own clock, so one that falls further behind
     * than this closes connections whose frames are still in the topic (see docs/benchmarks.md, section 9).
     */
    static final Duration INACTIVITY_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    final List<ServiceProcess> gateways = new ArrayList<>();
    final List<ServiceProcess> enrichers = new ArrayList<>();
    final List<ServiceProcess> sinks = new ArrayList<>();
    private final List<Boolean> inRotation = new ArrayList<>();
    private final AtomicInteger nextGateway = new AtomicInteger();

    Fleet(TestInfra infra, String bootstrap, PipelineStore store, int instances, Path directory) {
        String name = store.bucket;
        for (int i = 1; i <= instances; i++) {
            Map<String, String> gateway = new HashMap<>();
            gateway.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            gateway.put("RTCSTATS_JWT_SECRET", Pipeline.SECRET);
            gateway.put("GATEWAY_BIND_ADDRESS", "127.0.0.1");
            gateway.put("GATEWAY_ID", "gw-" + i);
            gateway.put("GATEWAY_IO_THREADS", "2");
            gateway.put("GATEWAY_READY_CHECK_INTERVAL", "500ms");
            gateway.put("GATEWAY_SHUTDOWN_GRACE", "5s");
            gateway.put("GATEWAY_MAX_UNACKED_FRAMES", "1000");
            gateway.put("KAFKA_LINGER", "5ms");
            gateway.put("KAFKA_DELIVERY_TIMEOUT", "60s");
            gateways.add(service("gateway-" + i, "gateway", gateway, "GATEWAY_PORT", directory));
            inRotation.add(true);

            Map<String, String> enricher = new HashMap<>();
            enricher.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            enricher.put("ENRICHER_APPLICATION_NAME", name + "-enricher");
            // Static membership, as a StatefulSet pod name gives it: a restarted instance takes its tasks back.
            enricher.put("ENRICHER_INSTANCE_ID", "enricher-" + i);
            enricher.put("ENRICHER_INACTIVITY_TIMEOUT", INACTIVITY_TIMEOUT.toSeconds() + "s");
            enricher.put("ENRICHER_PUNCTUATION_INTERVAL", "1s");
            // Fewer transactions for three starved brokers; a close waits at most this much longer.
            enricher.put("ENRICHER_COMMIT_INTERVAL", "1s");
            enricher.put("ENRICHER_STANDBY_REPLICAS", "1");
            enricher.put("ENRICHER_REPLICATION_FACTOR", "3");
            enricher.put(
                    "ENRICHER_STATE_DIR", directory.resolve("enricher-" + i).toString());
            enricher.put("ENRICHER_ROCKSDB_MEMORY_BYTES", Long.toString(32L * 1024 * 1024));
            enrichers.add(service("enricher-" + i, "enricher", enricher, "ENRICHER_HTTP_PORT", directory));

            Map<String, String> sink = new HashMap<>();
            sink.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            sink.put("SINK_GROUP_ID", name + "-sink");
            sink.put("SINK_INSTANCE_ID", "sink-" + i);
            sink.put("SINK_S3_ENDPOINT", infra.s3Endpoint());
            sink.put("SINK_S3_ACCESS_KEY", infra.s3AccessKey());
            sink.put("SINK_S3_SECRET_KEY", infra.s3SecretKey());
            sink.put("SINK_S3_REGION", infra.s3Region());
            sink.put("SINK_S3_BUCKET", store.bucket);
            sink.put("SINK_S3_PART_SIZE", Long.toString(5L * 1024 * 1024));
            sink.put("SINK_SPOOL_DIR", directory.resolve("sink-spool-" + i).toString());
            sink.put("SINK_CLICKHOUSE_URL", store.clickhouseUrl());
            sink.put("SINK_BATCH_ROWS", "500");
            sink.put("SINK_BATCH_INTERVAL", "300ms");
            sink.put("SINK_RETRY_INITIAL", "100ms");
            sink.put("SINK_RETRY_MAX", "1s");
            sinks.add(service("sink-" + i, "sink", sink, "SINK_HTTP_PORT", directory));
        }
    }

    private static ServiceProcess service(
            String name, String module, Map<String, String> env, String portVariable, Path directory) {
        int port = freePort();
        env.put(portVariable, Integer.toString(port));
        String mainClass = "dev.rtcstats.pipeline." + module + ".Main";
        return new ServiceProcess(name, mainClass, env, port, directory);
    }

    /** Starts every instance, sinks first, and waits until each is ready. */
    void start() {
        List<ServiceProcess> all = all();
        all.forEach(ServiceProcess::launch);
        all.forEach(service -> service.awaitReady(READY_TIMEOUT));
    }

    /** Starts a stopped or killed instance again; returns how long it took to become ready. */
    Duration restart(ServiceProcess service) {
        service.launch();
        return awaitReady(service);
    }

    /** Waits until a launched instance is ready; returns the wait. */
    Duration awaitReady(ServiceProcess service) {
        return service.awaitReady(READY_TIMEOUT);
    }

    List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(sinks);
        all.addAll(enrichers);
        all.addAll(gateways);
        return all;
    }

    /** Takes a gateway out of, or puts it back into, the load balancer's rotation. */
    synchronized void rotate(ServiceProcess gateway, boolean in) {
        inRotation.set(gateways.indexOf(gateway), in);
    }

    /** The next gateway in rotation. */
    synchronized ServiceProcess nextGateway() {
        for (int tries = 0; tries < gateways.size(); tries++) {
            int index = Math.floorMod(nextGateway.getAndIncrement(), gateways.size());
            if (inRotation.get(index)) {
                return gateways.get(index);
            }
        }
        throw new IllegalStateException("no gateway in rotation");
    }

    /** A WebSocket URL of {@code gateway} with a token for the given claims. */
    static String webSocketUrl(ServiceProcess gateway, String user, String conference, String session) {
        String token = GenerateToken.mint(
                Pipeline.SECRET,
                Map.of("user", user, "conference", conference, "session", session),
                Duration.ofMinutes(30),
                Instant.now());
        return "ws://127.0.0.1:" + gateway.httpPort + "/?rtcstats-token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops gateways first, so that their clients' closes are published, then enrichers and sinks. */
    @Override
    public void close() {
        all().reversed().forEach(ServiceProcess::close);
    }
}
