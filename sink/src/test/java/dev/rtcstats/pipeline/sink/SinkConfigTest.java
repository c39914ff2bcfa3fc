package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("SINK_S3_ENDPOINT", "http://minio:9000");
        env.put("SINK_S3_ACCESS_KEY", "access");
        env.put("SINK_S3_SECRET_KEY", "secret");
        return env;
    }

    @Test
    void shouldApplyDefaultsWhenOnlyRequiredVariablesAreSet() {
        // Given
        Map<String, String> env = minimal();

        // When
        SinkConfig config = SinkConfig.fromEnv(env);

        // Then
        assertThat(config.s3Bucket()).isEqualTo("rtcstats");
        assertThat(config.s3Region()).isEqualTo("us-east-1");
        assertThat(config.blobUrlBase()).isEqualTo("http://minio:9000/rtcstats");
        assertThat(config.clickhouseUrl()).isEqualTo("jdbc:clickhouse://127.0.0.1:8123/default");
        assertThat(config.batchRows()).isEqualTo(5_000);
        assertThat(config.batchInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.httpPort()).isEqualTo(8082);
        assertThat(config.groupId()).isEqualTo("rtcstats-sink");
        assertThat(config.migrationsDir()).isNull();
        assertThat(config.statsTopic()).isEqualTo(Topics.STATS);
    }

    @Test
    void shouldReadEveryVariableWhenSet() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_S3_BUCKET", "dumps");
        env.put("SINK_S3_REGION", "eu-west-1");
        env.put("SINK_BLOB_URL_BASE", "https://cdn.example.com/dumps/");
        env.put("SINK_CLICKHOUSE_URL", "jdbc:clickhouse://ch:8123/rtc?compress=false");
        env.put("SINK_CLICKHOUSE_USER", "writer");
        env.put("SINK_CLICKHOUSE_PASSWORD", "pw");
        env.put("SINK_BATCH_ROWS", "100");
        env.put("SINK_BATCH_INTERVAL", "500ms");
        env.put("SINK_HTTP_PORT", "9100");
        env.put("SINK_S3_PART_SIZE", "6291456");
        env.put("SINK_TOPIC_STATS", "stats-replay");

        // When
        SinkConfig config = SinkConfig.fromEnv(env);

        // Then
        assertThat(config.s3Bucket()).isEqualTo("dumps");
        assertThat(config.s3Region()).isEqualTo("eu-west-1");
        assertThat(config.blobUrl("abc.gz")).isEqualTo("https://cdn.example.com/dumps/abc.gz");
        assertThat(config.clickhouseUrl()).isEqualTo("jdbc:clickhouse://ch:8123/rtc?compress=false");
        assertThat(config.clickhouseUser()).isEqualTo("writer");
        assertThat(config.clickhousePassword()).isEqualTo("pw");
        assertThat(config.batchRows()).isEqualTo(100);
        assertThat(config.batchInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.s3PartSize()).isEqualTo(6_291_456L);
        assertThat(config.statsTopic()).isEqualTo("stats-replay");
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
    void shouldRejectANonJdbcClickHouseUrl() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_CLICKHOUSE_URL", "http://ch:8123");

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_CLICKHOUSE_URL");
    }

    @Test
    void shouldRejectAnInvalidBucketName() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_S3_BUCKET", "Not_A_Bucket");

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_S3_BUCKET");
    }

    @Test
    void shouldRejectAPartSizeBelowTheS3Minimum() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_S3_PART_SIZE", "1024");

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_S3_PART_SIZE");
    }

    @Test
    void shouldRejectAZeroBatchInterval() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_BATCH_INTERVAL", "0s");

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_BATCH_INTERVAL");
    }

    @Test
    void shouldRejectAnEndpointThatIsNotAnHttpUrl() {
        // Given
        Map<String, String> env = minimal();
        env.put("SINK_S3_ENDPOINT", "minio:9000");

        // When / Then
        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_S3_ENDPOINT");
    }
}
