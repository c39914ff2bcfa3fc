package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.Env;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the sink reads from its environment, validated once at start, in one small record per concern. Every
 * part's {@code toString} masks its secrets, so the whole config can be logged.
 */
public record SinkConfig(
        KafkaInputs kafka, S3Settings s3, ClickHouseSettings clickhouse, BatchSettings batch, RuntimeSettings runtime) {
    public SinkConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(clickhouse, "clickhouse");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(runtime, "runtime");
    }

    public static SinkConfig fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        return new SinkConfig(
                KafkaInputs.fromEnv(env),
                S3Settings.fromEnv(env),
                ClickHouseSettings.fromEnv(env),
                BatchSettings.fromEnv(env),
                RuntimeSettings.fromEnv(env));
    }
}
