package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("SINK_S3_ENDPOINT", "http://minio:9000");
        env.put("SINK_S3_ACCESS_KEY", "access");
        env.put("SINK_S3_SECRET_KEY", "s3-secret-value");
        return env;
    }

    @Test
    void shouldApplyDefaultsWhenOnlyRequiredVariablesAreSet() {
        // Given
        Map<String, String> env = minimal();

        // When
        SinkConfig config = SinkConfig.fromEnv(env);

        // Then
        assertThat(config.s3().bucket()).isEqualTo("rtcstats");
        assertThat(config.s3().region()).isEqualTo("us-east-1");
        assertThat(config.s3().blobUrlBase()).isEqualTo("http://minio:9000/rtcstats");
        assertThat(config.clickhouse().url()).isEqualTo("jdbc:clickhouse://127.0.0.1:8123/default");
        assertThat(config.clickhouse().endpoint())
                .isEqualTo(new ClickHouseSettings.Endpoint("http://127.0.0.1:8123", "default", true));
        assertThat(config.batch().rows()).isEqualTo(100_000);
        assertThat(config.batch().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.batch().sessionsInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.batch().forSessions().interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.kafka().sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.kafka().instanceId()).isEmpty();
        assertThat(config.runtime().httpPort()).isEqualTo(8082);
        assertThat(config.runtime().readyMaxAge()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.kafka().groupId()).isEqualTo("rtcstats-sink");
        assertThat(config.kafka().statsTopic()).isEqualTo(Topics.STATS);
        assertThat(config.kafka().deadLettersTopic()).isEqualTo(Topics.DEAD_LETTERS);
        assertThat(config.clickhouse().migrationsDir()).isNull();
    }

    @Test
    void shouldReadEveryVariableWhenSet() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_S3_BUCKET", "dumps");
        env.put("SINK_S3_REGION", "eu-west-1");
        env.put("SINK_BLOB_URL_BASE", "https://cdn.example.com/dumps/");
        env.put("SINK_CLICKHOUSE_URL", "jdbc:clickhouse://ch:8124/rtc?compress=false");
        env.put("SINK_CLICKHOUSE_USER", "writer");
        env.put("SINK_CLICKHOUSE_PASSWORD", "pw");
        env.put("SINK_CLICKHOUSE_ASYNC_INSERT", "true");
        env.put("SINK_BATCH_ROWS", "100");
        env.put("SINK_BATCH_INTERVAL", "500ms");
        env.put("SINK_SESSIONS_BATCH_INTERVAL", "50ms");
        env.put("SINK_SESSION_TIMEOUT", "6s");
        env.put("SINK_INSTANCE_ID", "sink-0");
        env.put("SINK_HTTP_PORT", "9100");
        env.put("SINK_S3_PART_SIZE", "6291456");
        env.put("SINK_TOPIC_STATS", "stats-replay");
        env.put("SINK_READY_MAX_AGE", "15s");
        env.put("SINK_SHUTDOWN_GRACE", "3s");

        // When
        SinkConfig config = SinkConfig.fromEnv(env);

        // Then
        assertThat(config.s3().bucket()).isEqualTo("dumps");
        assertThat(config.s3().region()).isEqualTo("eu-west-1");
        assertThat(config.s3().blobUrl("abc.gz")).isEqualTo("https://cdn.example.com/dumps/abc.gz");
        assertThat(config.clickhouse().endpoint())
                .isEqualTo(new ClickHouseSettings.Endpoint("http://ch:8124", "rtc", false));
        assertThat(config.clickhouse().user()).isEqualTo("writer");
        assertThat(config.clickhouse().password().reveal()).isEqualTo("pw");
        assertThat(config.clickhouse().asyncInsert()).isTrue();
        assertThat(config.batch().rows()).isEqualTo(100);
        assertThat(config.batch().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.batch().forSessions().interval()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.kafka().sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.kafka().instanceId()).contains("sink-0");
        assertThat(config.runtime().httpPort()).isEqualTo(9100);
        assertThat(config.s3().partSize()).isEqualTo(6_291_456L);
        assertThat(config.kafka().statsTopic()).isEqualTo("stats-replay");
        assertThat(config.runtime().readyMaxAge()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.runtime().shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldMaskEverySecretWhenTheConfigIsPrinted() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_CLICKHOUSE_PASSWORD", "ch-password-value");
        env.put("SINK_CLICKHOUSE_URL", "jdbc:clickhouse://ch:8123/db?password=url-password-value");

        // When
        String printed = SinkConfig.fromEnv(env).toString();

        // Then
        assertThat(printed)
                .doesNotContain("s3-secret-value", "ch-password-value", "url-password-value")
                .contains("bucket=rtcstats", "password=****");
    }

    @ParameterizedTest
    @CsvSource({
        "SINK_S3_ENDPOINT, minio:9000",
        "SINK_CLICKHOUSE_URL, http://ch:8123",
        "SINK_S3_BUCKET, Not_A_Bucket",
        "SINK_S3_PART_SIZE, 1024",
        "SINK_BATCH_INTERVAL, 0s",
        "SINK_SESSIONS_BATCH_INTERVAL, 0s",
        "SINK_SESSION_TIMEOUT, 1s",
        "SINK_INSTANCE_ID, two words",
        "SINK_READY_MAX_AGE, 0s"
    })
    void shouldNameTheVariableWhenAValueIsInvalid(String name, String value) {
        // Given
        Map<String, String> env = minimal();
        env.put(name, value);

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(name);
    }

    @Test
    void shouldNameTheVariableWhenARequiredOneIsMissing() {
        // Given
        Map<String, String> env = minimal();
        env.remove("SINK_S3_ENDPOINT");

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_S3_ENDPOINT");
    }

    @Test
    void shouldSelectTheClusterVariantOfTheMigrationsByClusterName() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_CLICKHOUSE_CLUSTER", "rtcstats_cluster");

        // When
        SinkConfig config = SinkConfig.fromEnv(env);

        // Then
        assertThat(config.clickhouse().cluster()).contains(new ClusterDdl("rtcstats_cluster"));
        assertThat(SinkConfig.fromEnv(minimal()).clickhouse().cluster()).isEmpty();
        env.put("SINK_CLICKHOUSE_CLUSTER", "two words");
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_CLICKHOUSE_CLUSTER");
    }

    @Test
    void shouldTakeTheStaticMemberIdFromTheHostNameUnlessSetOrDisabled() {
        // Given
        Map<String, String> env = minimal();
        env.put("HOSTNAME", "sink-7f9c");

        // When / Then
        assertThat(SinkConfig.fromEnv(env).kafka().instanceId()).contains("sink-7f9c");
        env.put("SINK_INSTANCE_ID", "sink-b");
        assertThat(SinkConfig.fromEnv(env).kafka().instanceId()).contains("sink-b");
        env.put("SINK_INSTANCE_ID", "none");
        assertThat(SinkConfig.fromEnv(env).kafka().instanceId()).isEmpty();
    }
}
