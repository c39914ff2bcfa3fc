package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.Test;

class EnricherConfigTest {

    @Test
    void shouldApplyDefaultsWhenOnlyBootstrapIsSet() {
        // When
        EnricherConfig config = EnricherConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        // Then
        assertThat(config.applicationId()).isEqualTo("rtcstats-enricher-v1");
        assertThat(config.inactivityTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.punctuationInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.featuresMaxDumpBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.rocksDbMemoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(config.streamsProperties())
                .containsEntry(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, 256L * 1024 * 1024);
    }

    @Test
    void shouldBuildExactlyOnceStreamsConfigWhenVariablesAreSet() {
        // Given
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "k1:9092,k2:9092",
                "ENRICHER_PROCESSING_VERSION",
                "3",
                "ENRICHER_INACTIVITY_TIMEOUT",
                "5m",
                "ENRICHER_STANDBY_REPLICAS",
                "1",
                "ENRICHER_STATE_DIR",
                "/var/lib/enricher",
                "ENRICHER_HTTP_PORT",
                "9100");

        // When
        Properties props = EnricherConfig.fromEnv(env).streamsProperties();

        // Then
        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "rtcstats-enricher-v3")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "k1:9092,k2:9092")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/enricher")
                .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
                .containsEntry(
                        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        LogAndContinueExceptionHandler.class.getName())
                .containsEntry(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        LogAndContinueProcessingExceptionHandler.class.getName());
        assertThat(new StreamsConfig(props).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldNameVariableWhenBootstrapIsMissing() {
        assertThatThrownBy(() -> EnricherConfig.fromEnv(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldNameVariableWhenTimeoutIsInvalid() {
        assertThatThrownBy(() -> EnricherConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "ENRICHER_INACTIVITY_TIMEOUT", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENRICHER_INACTIVITY_TIMEOUT");
        assertThatThrownBy(() -> EnricherConfig.fromEnv(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "k:9092",
                        "ENRICHER_INACTIVITY_TIMEOUT",
                        "10s",
                        "ENRICHER_PUNCTUATION_INTERVAL",
                        "1m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENRICHER_PUNCTUATION_INTERVAL");
    }

    @Test
    void shouldNameVariableWhenStandbyReplicasIsNotANumber() {
        assertThatThrownBy(() -> EnricherConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "ENRICHER_STANDBY_REPLICAS", "two")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENRICHER_STANDBY_REPLICAS");
    }
}
