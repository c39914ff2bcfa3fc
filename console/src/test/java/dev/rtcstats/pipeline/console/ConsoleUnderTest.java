package dev.rtcstats.pipeline.console;

import dev.rtcstats.pipeline.console.auth.MintAnalystToken;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A console started as {@code Main} would, on a ClickHouse database and an S3 bucket of its own, with an HTTP client
 * and analyst tokens for the tests.
 */
final class ConsoleUnderTest implements AutoCloseable {
    static final String SECRET = "console-test-secret-of-at-least-32-bytes";

    final String clickhouseUrl;
    final Seeds seeds;
    private final MinioClient minio;
    private final String bucket;
    private final Console console;
    private final HttpClient http = HttpClient.newHttpClient();

    private ConsoleUnderTest(TestInfra infra, Map<String, String> overrides) throws Exception {
        String name = TestInfra.uniqueName("console");
        String database = name.replace('-', '_');
        this.bucket = name;
        this.clickhouseUrl = infra.clickhouseJdbcUrl().replace("/default", "/" + database);
        ClickHouseSchema.create(infra.clickhouseJdbcUrl(), clickhouseUrl, database);
        this.seeds = new Seeds(clickhouseUrl);
        this.minio = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region(infra.s3Region())
                .build();
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        Map<String, String> env = new HashMap<>();
        env.put("CONSOLE_PORT", "0");
        env.put("CONSOLE_BIND_ADDRESS", "127.0.0.1");
        env.put("CONSOLE_CLICKHOUSE_URL", clickhouseUrl);
        env.put("CONSOLE_JWT_SECRET", SECRET);
        env.put("CONSOLE_S3_ENDPOINT", infra.s3Endpoint());
        env.put("CONSOLE_S3_ACCESS_KEY", infra.s3AccessKey());
        env.put("CONSOLE_S3_SECRET_KEY", infra.s3SecretKey());
        env.put("CONSOLE_S3_BUCKET", bucket);
        env.put("CONSOLE_COOKIE_SECURE", "false");
        env.putAll(overrides);
        this.console = new Console(ConsoleConfig.fromEnv(env), Clock.systemUTC()).start();
    }

    static ConsoleUnderTest start(TestInfra infra) throws Exception {
        return new ConsoleUnderTest(infra, Map.of());
    }

    static ConsoleUnderTest start(TestInfra infra, Map<String, String> environment) throws Exception {
        return new ConsoleUnderTest(infra, environment);
    }

    /** A valid analyst token for {@code tenant}. */
    static String token(String tenant) {
        return MintAnalystToken.mint(SECRET, "tenant", tenant, "test-analyst", Duration.ofMinutes(10), Instant.now());
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + console.port() + pathAndQuery;
    }

    /** GET with {@code Authorization: Bearer token}, or with no credentials when {@code token} is null. */
    HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Stores {@code bytes} as the dump object of {@code connectionId}, as the sink names it. */
    void putDump(String connectionId, byte[] bytes) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(connectionId + ".gz").stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType("application/gzip")
                .build());
    }

    @Override
    public void close() {
        console.close();
    }
}
