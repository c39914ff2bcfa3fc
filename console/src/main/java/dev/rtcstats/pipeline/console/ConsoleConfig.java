package dev.rtcstats.pipeline.console;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the console reads from its environment, validated once at start; each invalid value fails with a
 * {@link ConfigException} that names the variable. Secrets never appear in {@link #toString()}.
 */
public record ConsoleConfig(Http http, ClickHouse clickhouse, Dumps dumps, Auth auth, Ui ui) {

    public ConsoleConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clickhouse, "clickhouse");
        Objects.requireNonNull(dumps, "dumps");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(ui, "ui");
    }

    /** The listener of the page, the API and the operators' endpoints. */
    public record Http(String bindAddress, int port) {
        public Http {
            Objects.requireNonNull(bindAddress, "bindAddress");
        }
    }

    /** Where the rows are read; {@code queryTimeout} bounds every query the console sends. */
    public record ClickHouse(String url, String user, String password, Duration queryTimeout) {
        public ClickHouse {
            if (!url.startsWith("jdbc:clickhouse:") && !url.startsWith("jdbc:ch:")) {
                throw new ConfigException(
                        "CONSOLE_CLICKHOUSE_URL must be a jdbc:clickhouse://host:port/database URL, got '" + url + "'");
            }
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (queryTimeout.toSeconds() < 1) {
                throw new ConfigException("CONSOLE_QUERY_TIMEOUT must be at least 1s, got " + queryTimeout);
            }
        }

        @Override
        public String toString() {
            return "ClickHouse[url=" + url + ", user=" + user + ", password=***, queryTimeout=" + queryTimeout + "]";
        }
    }

    /** Where the dumps are downloaded from: the sink's bucket, or nowhere (the page then offers no download). */
    public sealed interface Dumps {}

    /** Dumps are proxied from this S3-compatible bucket. */
    public record S3Dumps(String endpoint, String accessKey, String secretKey, String bucket, String region)
            implements Dumps {
        public S3Dumps {
            httpUrl("CONSOLE_S3_ENDPOINT", endpoint);
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String toString() {
            return "S3Dumps[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                    + ", region=" + region + "]";
        }
    }

    /** No bucket is configured. */
    public record NoDumps() implements Dumps {}

    /**
     * Analyst tokens: HS256/384/512 with {@code secret} (at least 32 bytes of UTF-8) and/or RS/ES/PS tokens whose
     * {@code kid} is in {@code jwksFile}. {@code tenantClaim} names the claim that scopes every query.
     */
    public record Auth(String secret, Path jwksFile, Duration clockSkew, String tenantClaim, boolean secureCookie) {
        /** RFC 7518 section 3.2: an HMAC key at least as long as the hash. */
        static final int MIN_SECRET_BYTES = 32;

        public Auth {
            if (secret == null && jwksFile == null) {
                throw new ConfigException("CONSOLE_JWT_SECRET or CONSOLE_JWKS_FILE is required: the console shows "
                        + "per-tenant data and serves no request without an analyst token");
            }
            if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new ConfigException("CONSOLE_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long");
            }
            if (jwksFile != null && !Files.isReadable(jwksFile)) {
                throw new ConfigException("CONSOLE_JWKS_FILE must name a readable file, got '" + jwksFile + "'");
            }
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (tenantClaim == null || tenantClaim.isBlank()) {
                throw new ConfigException("CONSOLE_TENANT_CLAIM must name a claim");
            }
        }

        @Override
        public String toString() {
            return "Auth[secret=" + (secret == null ? "none" : "***") + ", jwksFile=" + jwksFile + ", clockSkew="
                    + clockSkew + ", tenantClaim=" + tenantClaim + ", secureCookie=" + secureCookie + "]";
        }
    }

    /** What the page shows: chart resolution, search size, and where the reference's dump-importer lives. */
    public record Ui(URI dumpImporterUrl, int chartPoints, int maxSearchRows) {
        public Ui {
            Objects.requireNonNull(dumpImporterUrl, "dumpImporterUrl");
        }
    }

    public static ConsoleConfig fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        Http http =
                new Http(env.string("CONSOLE_BIND_ADDRESS", "0.0.0.0"), env.integer("CONSOLE_PORT", 8083, 0, 65_535));
        ClickHouse clickhouse = new ClickHouse(
                env.string("CONSOLE_CLICKHOUSE_URL", "jdbc:clickhouse://127.0.0.1:8123/default"),
                env.string("CONSOLE_CLICKHOUSE_USER", "default"),
                env.string("CONSOLE_CLICKHOUSE_PASSWORD", ""),
                env.duration("CONSOLE_QUERY_TIMEOUT", Duration.ofSeconds(10)));
        String jwks = env.string("CONSOLE_JWKS_FILE", null);
        Auth auth = new Auth(
                env.string("CONSOLE_JWT_SECRET", null),
                jwks == null ? null : Path.of(jwks),
                env.duration("CONSOLE_JWT_CLOCK_SKEW", Duration.ofSeconds(5)),
                env.string("CONSOLE_TENANT_CLAIM", "tenant"),
                env.bool("CONSOLE_COOKIE_SECURE", true));
        Ui ui = new Ui(
                httpUrl(
                        "CONSOLE_DUMP_IMPORTER_URL",
                        env.string("CONSOLE_DUMP_IMPORTER_URL", "http://127.0.0.1:8000/dump-importer/")),
                env.integer("CONSOLE_CHART_POINTS", 300, 10, 5_000),
                env.integer("CONSOLE_MAX_SEARCH_ROWS", 200, 1, 10_000));
        return new ConsoleConfig(http, clickhouse, dumps(env), auth, ui);
    }

    private static Dumps dumps(Env env) {
        String endpoint = env.string("CONSOLE_S3_ENDPOINT", null);
        if (endpoint == null) {
            return new NoDumps();
        }
        httpUrl("CONSOLE_S3_ENDPOINT", endpoint);
        return new S3Dumps(
                endpoint,
                env.required("CONSOLE_S3_ACCESS_KEY"),
                env.required("CONSOLE_S3_SECRET_KEY"),
                env.string("CONSOLE_S3_BUCKET", "rtcstats"),
                env.string("CONSOLE_S3_REGION", "us-east-1"));
    }

    private static URI httpUrl(String name, String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(name + " must be an http(s) URL, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " must be an http(s) URL, got '" + text + "'");
        }
    }
}
