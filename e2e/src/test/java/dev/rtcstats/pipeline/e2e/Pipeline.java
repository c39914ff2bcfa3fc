package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.DumpFeatureExtraction;
import dev.rtcstats.pipeline.enricher.EnricherConfig;
import dev.rtcstats.pipeline.enricher.EnricherService;
import dev.rtcstats.pipeline.gateway.Gateway;
import dev.rtcstats.pipeline.gateway.GatewayConfig;
import dev.rtcstats.pipeline.gateway.GenerateToken;
import dev.rtcstats.pipeline.sink.SinkService;
import dev.rtcstats.pipeline.testsupport.ClickHouseRows;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Gateway, enricher and sink started in this JVM as their {@code Main}s would, on one Kafka cluster, with a bucket
 * and a ClickHouse database of their own; each service can be replaced while the others run.
 */
final class Pipeline implements AutoCloseable {
    static final String SECRET = "e2e-secret-of-at-least-thirty-two-bytes";
    private static final int PARTITIONS = 3;

    final String database;
    final String bucket;
    final String bootstrap;
    private final TestInfra infra;
    private final EnricherConfig enricherConfig;
    private final Map<String, String> sinkEnv = new HashMap<>();
    private final MinioClient minio;
    private final Gateway gateway;
    private EnricherService enricher;
    private PrometheusMeterRegistry enricherMeters;
    private SinkService sink;

    private Pipeline(
            TestInfra infra,
            String bootstrap,
            Path stateDir,
            Duration inactivityTimeout,
            Map<String, String> gatewayOverrides,
            Map<String, String> enricherOverrides)
            throws Exception {
        this.infra = infra;
        this.bootstrap = bootstrap;
        String name = TestInfra.uniqueName("e2e");
        this.database = name.replace('-', '_');
        this.bucket = name;
        execute(infra.clickhouseJdbcUrl(), "CREATE DATABASE IF NOT EXISTS " + database);
        this.minio = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region(infra.s3Region())
                .build();
        EnricherConfig.Builder enricherBuilder = EnricherConfig.builder(bootstrap)
                .applicationName(name + "-enricher")
                .inactivityTimeout(inactivityTimeout)
                .punctuationInterval(Duration.ofMillis(500))
                .stateDir(stateDir.toString())
                .rocksDbMemoryBytes(32L * 1024 * 1024)
                // a crashed member's partitions move after the broker's minimum session, within the tests' time
                .set("ENRICHER_SESSION_TIMEOUT", "6s")
                .httpPort(0);
        enricherOverrides.forEach(enricherBuilder::set);
        this.enricherConfig = enricherBuilder.build();
        sinkEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        sinkEnv.put("SINK_GROUP_ID", name + "-sink");
        sinkEnv.put("SINK_S3_ENDPOINT", infra.s3Endpoint());
        sinkEnv.put("SINK_S3_ACCESS_KEY", infra.s3AccessKey());
        sinkEnv.put("SINK_S3_SECRET_KEY", infra.s3SecretKey());
        sinkEnv.put("SINK_S3_REGION", infra.s3Region());
        sinkEnv.put("SINK_S3_BUCKET", bucket);
        sinkEnv.put("SINK_S3_PART_SIZE", Long.toString(5L * 1024 * 1024));
        sinkEnv.put(
                "SINK_SPOOL_DIR",
                stateDir.resolveSibling(stateDir.getFileName() + "-spool").toString());
        sinkEnv.put("SINK_CLICKHOUSE_URL", clickhouseUrl());
        sinkEnv.put("SINK_BATCH_ROWS", "200");
        sinkEnv.put("SINK_BATCH_INTERVAL", "300ms");
        sinkEnv.put("SINK_RETRY_INITIAL", "100ms");
        sinkEnv.put("SINK_RETRY_MAX", "1s");
        sinkEnv.put("SINK_HTTP_PORT", "0");
        Map<String, String> gatewayEnv = new HashMap<>();
        gatewayEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        gatewayEnv.put("RTCSTATS_JWT_SECRET", SECRET);
        gatewayEnv.put("GATEWAY_PORT", "0");
        gatewayEnv.put("GATEWAY_BIND_ADDRESS", "127.0.0.1");
        gatewayEnv.put("GATEWAY_ID", "gw-e2e");
        gatewayEnv.put("GATEWAY_IO_THREADS", "2");
        gatewayEnv.put("GATEWAY_READY_CHECK_INTERVAL", "500ms");
        gatewayEnv.put("GATEWAY_SHUTDOWN_GRACE", "5s");
        gatewayEnv.put("KAFKA_LINGER", "5ms");
        gatewayEnv.putAll(gatewayOverrides);
        startEnricher();
        startSink();
        this.gateway = new Gateway(GatewayConfig.fromEnv(gatewayEnv), Clock.systemUTC()).start();
    }

    /** Creates the pipeline's topics through {@code createTopic}, then starts enricher, sink and gateway. */
    static Pipeline start(
            TestInfra infra,
            String bootstrap,
            BiConsumer<String, Integer> createTopic,
            Path stateDir,
            Duration inactivityTimeout,
            Map<String, String> gatewayOverrides)
            throws Exception {
        return start(infra, bootstrap, createTopic, stateDir, inactivityTimeout, gatewayOverrides, Map.of());
    }

    /** As above, with enricher variables (budgets, timeouts) set as the README names them. */
    static Pipeline start(
            TestInfra infra,
            String bootstrap,
            BiConsumer<String, Integer> createTopic,
            Path stateDir,
            Duration inactivityTimeout,
            Map<String, String> gatewayOverrides,
            Map<String, String> enricherOverrides)
            throws Exception {
        for (String topic : List.of(
                Topics.FRAMES, Topics.DUMPS, Topics.SESSIONS, Topics.FEATURES, Topics.STATS, Topics.DEAD_LETTERS)) {
            createTopic.accept(topic, PARTITIONS);
        }
        return new Pipeline(infra, bootstrap, stateDir, inactivityTimeout, gatewayOverrides, enricherOverrides);
    }

    int gatewayPort() {
        return gateway.port();
    }

    /** The WebSocket URL of the gateway with a token minted as the {@code GenerateToken} CLI does. */
    String webSocketUrl(String user, String conference, String session) {
        return webSocketUrl(Map.of("user", user, "conference", conference, "session", session));
    }

    /** The WebSocket URL of the gateway with a token carrying these {@code rtcStats} claims. */
    String webSocketUrl(Map<String, String> claims) {
        String token = GenerateToken.mint(SECRET, claims, Duration.ofMinutes(10), Instant.now());
        return "ws://127.0.0.1:" + gateway.port() + "/?rtcstats-token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Closes the enricher (it commits what it finished and leaves the group) and starts a new one in its place. */
    void restartEnricher() throws Exception {
        enricher.close();
        startEnricher();
    }

    /** Closes the sink (it commits what it wrote) and starts a new one in the same consumer groups. */
    void restartSink() throws Exception {
        sink.close();
        startSink();
    }

    private void startEnricher() throws Exception {
        enricherMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        enricher = EnricherService.create(enricherConfig, new DumpFeatureExtraction(), enricherMeters);
        enricher.start();
    }

    /** Stream threads of the enricher that died and were replaced since it started. */
    int threadsReplaced() {
        return (int) enricherCount("rtcstats.enricher.threads.replaced");
    }

    /** The names of the enricher's live stream threads: a replaced thread comes back under a new name. */
    Set<String> streamThreads() {
        return enricher.streamThreadNames();
    }

    /** What the gateway's, the enricher's and the sink's {@code /metrics} serve, one after the other. */
    String metrics() throws Exception {
        StringBuilder text = new StringBuilder();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int port : List.of(gateway.port(), enricher.httpPort(), sink.httpPort())) {
                text.append(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
            }
        }
        return text.toString();
    }

    /** The sum of the enricher's counters of this name with these tags (key, value, ...). */
    double enricherCount(String name, String... tags) {
        return enricherMeters.find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The sum of the sink's counters of this name with these tags (key, value, ...). */
    double sinkCount(String name, String... tags) {
        return sink.registry().find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    boolean sinkReady() {
        return sink.ready();
    }

    private void startSink() throws Exception {
        sink = SinkService.fromEnv(sinkEnv);
        sink.start();
    }

    String clickhouseUrl() {
        return infra.clickhouseJdbcUrl().replace("/default", "/" + database);
    }

    /** The rows of a query, each as column label to value text. */
    List<Map<String, String>> query(String sql) throws SQLException {
        return ClickHouseRows.query(clickhouseUrl(), sql);
    }

    /** The object, gunzipped. */
    String blob(String key) throws Exception {
        try (InputStream in = new GZIPInputStream(minio.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs a statement without result in the pipeline's database. */
    void execute(String sql) throws SQLException {
        execute(clickhouseUrl(), sql);
    }

    /** Every object key in the pipeline's bucket. */
    List<String> blobKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "default", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Stops in reverse order of the data flow's dependencies: gateway first, so its Closed events are published. */
    @Override
    public void close() {
        gateway.close();
        enricher.close();
        sink.close();
    }
}
