package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the sink reads from its environment, validated once at start.
 *
 * @param dumpsTopic        {@link Topics#DUMPS} unless overridden (tests and side-by-side replays use their own);
 *                          likewise the sessions, features and stats topics
 * @param blobUrlBase       prefix of {@code blob_url}; the URL is {@code <blobUrlBase>/<key>}
 * @param migrationsDir     where the versioned SQL files come from; null means the copies packaged in the jar
 */
public record SinkConfig(
        String kafkaBootstrapServers,
        String groupId,
        String dumpsTopic,
        String sessionsTopic,
        String featuresTopic,
        String statsTopic,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Bucket,
        String s3Region,
        boolean s3CreateBucket,
        long s3PartSize,
        String blobUrlBase,
        Path spoolDir,
        String clickhouseUrl,
        String clickhouseUser,
        String clickhousePassword,
        int batchRows,
        Duration batchInterval,
        Duration retryInitial,
        Duration retryMax,
        int httpPort,
        Path migrationsDir) {

    /** S3 refuses multipart parts below 5 MiB (except the last). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    public SinkConfig {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(clickhouseUrl, "clickhouseUrl");
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new ConfigException("SINK_RETRY_MAX must not be shorter than SINK_RETRY_INITIAL");
        }
    }

    public static SinkConfig fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        String endpoint = httpUrl("SINK_S3_ENDPOINT", env.required("SINK_S3_ENDPOINT"));
        String bucket = env.string("SINK_S3_BUCKET", "rtcstats");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(
                    "SINK_S3_BUCKET must be a valid S3 bucket name (3-63 of a-z 0-9 . -), got '" + bucket + "'");
        }
        String urlBase = env.string("SINK_BLOB_URL_BASE", stripSlash(endpoint) + "/" + bucket);
        httpUrl("SINK_BLOB_URL_BASE", urlBase);
        String clickhouseUrl = env.string("SINK_CLICKHOUSE_URL", "jdbc:clickhouse://127.0.0.1:8123/default");
        if (!clickhouseUrl.startsWith("jdbc:clickhouse:") && !clickhouseUrl.startsWith("jdbc:ch:")) {
            throw new ConfigException("SINK_CLICKHOUSE_URL must be a jdbc:clickhouse://host:port/database URL, got '"
                    + clickhouseUrl + "'");
        }
        String migrations = env.string("SINK_MIGRATIONS_DIR", null);
        return new SinkConfig(
                env.required("KAFKA_BOOTSTRAP_SERVERS"),
                env.string("SINK_GROUP_ID", "rtcstats-sink"),
                env.string("SINK_TOPIC_DUMPS", Topics.DUMPS),
                env.string("SINK_TOPIC_SESSIONS", Topics.SESSIONS),
                env.string("SINK_TOPIC_FEATURES", Topics.FEATURES),
                env.string("SINK_TOPIC_STATS", Topics.STATS),
                endpoint,
                env.required("SINK_S3_ACCESS_KEY"),
                env.required("SINK_S3_SECRET_KEY"),
                bucket,
                env.string("SINK_S3_REGION", "us-east-1"),
                env.bool("SINK_S3_CREATE_BUCKET", true),
                env.longValue("SINK_S3_PART_SIZE", 16L * 1024 * 1024, MIN_PART_SIZE, 5L * 1024 * 1024 * 1024),
                stripSlash(urlBase),
                Path.of(env.string("SINK_SPOOL_DIR", System.getProperty("java.io.tmpdir") + "/rtcstats-sink")),
                clickhouseUrl,
                env.string("SINK_CLICKHOUSE_USER", "default"),
                env.string("SINK_CLICKHOUSE_PASSWORD", ""),
                env.integer("SINK_BATCH_ROWS", 5_000, 1, 1_000_000),
                positive(env, "SINK_BATCH_INTERVAL", Duration.ofSeconds(2)),
                positive(env, "SINK_RETRY_INITIAL", Duration.ofMillis(200)),
                positive(env, "SINK_RETRY_MAX", Duration.ofSeconds(30)),
                env.integer("SINK_HTTP_PORT", 8082, 0, 65_535),
                migrations == null ? null : Path.of(migrations));
    }

    /** The {@code blob_url} of an object key: the key is its last path segment, as rtcstats-features expects. */
    public String blobUrl(String key) {
        return blobUrlBase + "/" + key;
    }

    private static Duration positive(Env env, String name, Duration fallback) {
        Duration value = env.duration(name, fallback);
        if (value.isZero()) {
            throw new ConfigException(name + " must be longer than zero");
        }
        return value;
    }

    private static String httpUrl(String name, String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(
                        name + " must be an http(s) URL such as http://127.0.0.1:9000, got '" + text + "'");
            }
            return text;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " must be an http(s) URL, got '" + text + "'");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
