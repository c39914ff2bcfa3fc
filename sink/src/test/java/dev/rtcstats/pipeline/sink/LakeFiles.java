package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.sink.lake.LakeConfig;
import dev.rtcstats.pipeline.sink.lake.ParquetRows;
import io.minio.DownloadObjectArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lake side of a {@link SinkFixture}: its settings, its objects, and reads through ClickHouse and parquet-java. */
final class LakeFiles {
    private final SinkFixture fixture;
    private final Path spoolRoot;

    LakeFiles(SinkFixture fixture) throws Exception {
        this.fixture = fixture;
        this.spoolRoot = Files.createTempDirectory("lake-spool");
    }

    /** The lake on the fixture's bucket, rolling every {@code rollInterval}. */
    Optional<LakeConfig> config(Duration rollInterval) {
        fixture.env.put("SINK_LAKE_ENABLED", "true");
        fixture.env.put("SINK_LAKE_ROLL_INTERVAL", rollInterval.toMillis() + "ms");
        fixture.env.put("SINK_LAKE_SPOOL_DIR", spoolRoot.toString());
        return LakeConfig.fromEnv(fixture.env, fixture.env.get("SINK_S3_BUCKET"));
    }

    Path spoolRoot() {
        return spoolRoot;
    }

    List<String> keys(String table) throws Exception {
        return keys().stream()
                .filter(key -> key.startsWith("lake/" + table + "/"))
                .toList();
    }

    /** Every lake object of the bucket. */
    List<String> keys() throws Exception {
        return fixture.keys().stream()
                .filter(key -> key.startsWith("lake/"))
                .sorted()
                .toList();
    }

    /** The {@code s3()} table function over every file of a table. */
    String s3(String table) {
        return "s3('%s/%s/lake/%s/**.parquet', '%s', '%s', 'Parquet')"
                .formatted(
                        fixture.infra.s3Endpoint(),
                        fixture.env.get("SINK_S3_BUCKET"),
                        table,
                        fixture.infra.s3AccessKey(),
                        fixture.infra.s3SecretKey());
    }

    /** A documented query as it runs here: the local stack's endpoint, bucket and keys replaced by this test's. */
    String localize(String sql) {
        return sql.replace(
                        "http://127.0.0.1:9000/rtcstats/",
                        fixture.infra.s3Endpoint() + "/" + fixture.env.get("SINK_S3_BUCKET") + "/")
                .replace(
                        "'minioadmin', 'minioadmin'",
                        "'%s', '%s'".formatted(fixture.infra.s3AccessKey(), fixture.infra.s3SecretKey()));
    }

    long count(String table, String where) throws Exception {
        return fixture.count("SELECT count() FROM " + s3(table) + " WHERE " + where);
    }

    /** Every row of every file of a table, read with parquet-java. */
    List<Map<String, Object>> read(String table) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : keys(table)) {
            rows.addAll(read(key, table));
        }
        return rows;
    }

    List<Map<String, Object>> read(String key, String table) throws Exception {
        Path local = Files.createTempFile(table, ".parquet");
        Files.delete(local);
        fixture.minio.downloadObject(DownloadObjectArgs.builder()
                .bucket(fixture.env.get("SINK_S3_BUCKET"))
                .object(key)
                .filename(local.toString())
                .build());
        try {
            return ParquetRows.read(local);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** A time series of {@code samples} round-trip times for one connection. */
    static StatsSeries series(
            String connectionId, String conference, String tenant, long start, int samples, long version) {
        List<StatsSeries.Sample> values = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            values.add(new StatsSeries.Sample(
                    "PC_0",
                    "CP" + (i % 2),
                    "candidate-pair",
                    "currentRoundTripTime",
                    start + 1_000L * i,
                    0.001 * i + version));
            values.add(new StatsSeries.Sample(
                    "PC_0", "IT01V1", "inbound-rtp", "bytesReceived", start + 1_000L * i, 1_000.0 * i * version));
        }
        return new StatsSeries(
                StatsSeries.FORMAT,
                connectionId,
                "user-" + connectionId,
                conference,
                "session-" + connectionId,
                tenant,
                start,
                version,
                values);
    }
}
