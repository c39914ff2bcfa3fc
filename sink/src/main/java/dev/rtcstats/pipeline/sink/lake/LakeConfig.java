package dev.rtcstats.pipeline.sink.lake;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Parquet lake's settings, from {@code SINK_LAKE_*}. The lake is off unless {@code SINK_LAKE_ENABLED=true}: it
 * is a second copy of every row in object storage, which an operator should choose and budget for.
 *
 * @param bucket        bucket of the lake files; by default the sink's dump bucket
 * @param prefix        first path segment of every key ({@code lake})
 * @param rollBytes     a source partition's files are closed and uploaded once one of them reaches this size
 * @param rollInterval  ... or once its first record is this old
 * @param rowGroupBytes Parquet row group size; the writer buffers at most one row group per open file
 * @param maxOpenFiles  more open files than this roll the partition with the most, bounding memory to about
 *                      {@code maxOpenFiles × rowGroupBytes}
 * @param zstdLevel     ZSTD level of the pages
 * @param spoolDir      local directory where files are written before upload; each instance takes a subdirectory
 */
public record LakeConfig(
        String bucket,
        String prefix,
        long rollBytes,
        Duration rollInterval,
        long rowGroupBytes,
        int maxOpenFiles,
        int zstdLevel,
        Path spoolDir) {
    private static final long MIB = 1024L * 1024;

    public LakeConfig {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(
                    "SINK_LAKE_BUCKET must be a valid S3 bucket name (3-63 of a-z 0-9 . -), got '" + bucket + "'");
        }
        if (prefix == null || !prefix.matches("[a-zA-Z0-9_.-]+(/[a-zA-Z0-9_.-]+)*")) {
            throw new ConfigException(
                    "SINK_LAKE_PREFIX must be path segments of letters, digits, . _ - without leading or trailing"
                            + " slash, got '" + prefix + "'");
        }
        if (rollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("SINK_LAKE_ROLL_INTERVAL must be at least 1s, got " + rollInterval);
        }
        if (rowGroupBytes > rollBytes) {
            throw new ConfigException("SINK_LAKE_ROW_GROUP_BYTES must not exceed SINK_LAKE_ROLL_BYTES");
        }
    }

    /** The lake's settings when {@code SINK_LAKE_ENABLED} is true, otherwise empty. */
    public static Optional<LakeConfig> fromEnv(Map<String, String> variables, String sinkBucket) {
        Env env = new Env(variables);
        if (!env.bool("SINK_LAKE_ENABLED", false)) {
            return Optional.empty();
        }
        return Optional.of(new LakeConfig(
                env.string("SINK_LAKE_BUCKET", sinkBucket),
                env.string("SINK_LAKE_PREFIX", "lake"),
                env.longValue("SINK_LAKE_ROLL_BYTES", 128 * MIB, MIB, 4096 * MIB),
                env.duration("SINK_LAKE_ROLL_INTERVAL", Duration.ofMinutes(5)),
                env.longValue("SINK_LAKE_ROW_GROUP_BYTES", 8 * MIB, 64 * 1024, 1024 * MIB),
                env.integer("SINK_LAKE_MAX_OPEN_FILES", 32, 1, 10_000),
                env.integer("SINK_LAKE_ZSTD_LEVEL", 3, 1, 19),
                Path.of(env.string(
                        "SINK_LAKE_SPOOL_DIR", System.getProperty("java.io.tmpdir") + "/rtcstats-sink-lake"))));
    }
}
