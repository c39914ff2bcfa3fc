package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The ClickHouse the rows go to.
 *
 * @param url           a JDBC URL, {@code jdbc:clickhouse://host:port/database[?compress=false&ssl=true]}; the
 *                      inserts use its host, port, database and those two parameters
 * @param asyncInsert   let the server buffer inserts ({@code async_insert=1, wait_for_async_insert=1})
 * @param migrationsDir where the versioned SQL files come from; null means the copies packaged in the jar
 * @param cluster       the {@code remote_servers} cluster whose cluster variant of the migrations applies
 *                      ({@link ClusterDdl}); empty for a single server
 */
record ClickHouseSettings(
        String url,
        String user,
        Secret password,
        boolean asyncInsert,
        Duration insertTimeout,
        Path migrationsDir,
        Optional<ClusterDdl> cluster) {
    ClickHouseSettings {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(insertTimeout, "insertTimeout");
        Objects.requireNonNull(cluster, "cluster");
        endpoint(url);
    }

    /** A single server: the migrations as written. */
    ClickHouseSettings(
            String url, String user, Secret password, boolean asyncInsert, Duration insertTimeout, Path migrationsDir) {
        this(url, user, password, asyncInsert, insertTimeout, migrationsDir, Optional.empty());
    }

    /** Where the HTTP inserts go, from the JDBC URL. */
    record Endpoint(String httpUrl, String database, boolean compress) {}

    static ClickHouseSettings fromEnv(Env env) {
        String migrations = env.string("SINK_MIGRATIONS_DIR", null);
        return new ClickHouseSettings(
                env.string("SINK_CLICKHOUSE_URL", "jdbc:clickhouse://127.0.0.1:8123/default"),
                env.string("SINK_CLICKHOUSE_USER", "default"),
                new Secret(env.string("SINK_CLICKHOUSE_PASSWORD", "")),
                env.bool("SINK_CLICKHOUSE_ASYNC_INSERT", false),
                env.duration("SINK_CLICKHOUSE_INSERT_TIMEOUT", Duration.ofSeconds(60)),
                migrations == null ? null : Path.of(migrations),
                cluster(env.string("SINK_CLICKHOUSE_CLUSTER", null)));
    }

    private static Optional<ClusterDdl> cluster(String name) {
        try {
            return Optional.ofNullable(name).map(ClusterDdl::new);
        } catch (MigrationException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Masks a password given in the URL as well as {@link #password}. */
    @Override
    public String toString() {
        return "ClickHouseSettings[url=" + url.replaceAll("(?i)(password=)[^&]*", "$1****") + ", user=" + user
                + ", password=" + password + ", asyncInsert=" + asyncInsert + ", insertTimeout=" + insertTimeout
                + ", migrationsDir=" + migrationsDir + ", cluster="
                + cluster.map(ClusterDdl::cluster).orElse("none")
                + "]";
    }

    Endpoint endpoint() {
        return endpoint(url);
    }

    private static Endpoint endpoint(String url) {
        String rest;
        if (url != null && url.startsWith("jdbc:clickhouse:")) {
            rest = url.substring("jdbc:clickhouse:".length());
        } else if (url != null && url.startsWith("jdbc:ch:")) {
            rest = url.substring("jdbc:ch:".length());
        } else {
            throw new ConfigException(
                    "SINK_CLICKHOUSE_URL must be a jdbc:clickhouse://host:port/database URL, got '" + url + "'");
        }
        URI uri = URI.create(rest.startsWith("//") ? "http:" + rest : rest);
        String query = uri.getQuery() == null ? "" : "&" + uri.getQuery() + "&";
        boolean ssl = "https".equals(uri.getScheme()) || query.contains("&ssl=true&");
        if (uri.getHost() == null) {
            throw new ConfigException("SINK_CLICKHOUSE_URL has no host: '" + url + "'");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 8443 : 8123;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        return new Endpoint(
                (ssl ? "https://" : "http://") + uri.getHost() + ":" + port,
                path.isEmpty() ? "default" : path,
                !query.contains("&compress=false&") && !query.contains("&compress=0&"));
    }
}
