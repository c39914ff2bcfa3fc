package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterDeserializationHandler;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterProcessingHandler;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterProductionHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EnricherConfigTest {

    @Test
    void shouldApplyDefaultsWhenOnlyBootstrapIsSet() {
        // When
        EnricherConfig config = EnricherConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        // Then
        assertThat(config.applicationId()).isEqualTo("rtcstats-enricher-v1");
        assertThat(config.assembly().inactivityTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.assembly().punctuationInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.kafka().standbyReplicas()).isZero();
        assertThat(config.kafka().commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.kafka().instanceId()).isEmpty();
        assertThat(config.operations().httpPort()).isEqualTo(8081);
        assertThat(config.operations().stallAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.budgets().featuresMaxBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.budgets().extraction().maxStatsIds()).isEqualTo(5_000);
        assertThat(config.storage().rocksDbMemoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(config.streamsProperties())
                .containsEntry(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, 256L * 1024 * 1024)
                .doesNotContainKey(StreamsConfig.consumerPrefix("group.instance.id"));
    }

    @Test
    void shouldBuildExactlyOnceStreamsConfigWithDeadLetterHandlersWhenVariablesAreSet() {
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
                "ENRICHER_COMMIT_INTERVAL",
                "250ms",
                "ENRICHER_TRANSACTION_TIMEOUT",
                "90s");

        // When
        Properties props = EnricherConfig.fromEnv(env).streamsProperties();

        // Then
        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "rtcstats-enricher-v3")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "k1:9092,k2:9092")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/enricher")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L)
                .containsEntry(StreamsConfig.producerPrefix("transaction.timeout.ms"), 90_000)
                .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
                .containsEntry(
                        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterDeserializationHandler.class.getName())
                .containsEntry(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProcessingHandler.class.getName())
                .containsEntry(
                        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProductionHandler.class.getName());
        assertThat(new StreamsConfig(props).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldJoinAsStaticMemberWhenHostnameOrInstanceIdIsSet() {
        // When
        EnricherConfig fromHost =
                EnricherConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "HOSTNAME", "enricher-0"));
        EnricherConfig overridden = EnricherConfig.fromEnv(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "HOSTNAME", "enricher-0", "ENRICHER_INSTANCE_ID", "none"));

        // Then
        assertThat(fromHost.kafka().instanceId()).isEqualTo(Optional.of("enricher-0"));
        assertThat(fromHost.streamsProperties())
                .containsEntry(StreamsConfig.consumerPrefix("group.instance.id"), "enricher-0")
                .containsEntry(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        assertThat(overridden.kafka().instanceId()).isEmpty();
    }

    @Test
    void shouldSetVariablesByMeaningWhenBuiltForTests() {
        // When
        EnricherConfig config = EnricherConfig.builder("k:9092")
                .processingVersion(4)
                .inactivityTimeout(Duration.ofSeconds(30))
                .set("ENRICHER_FEATURES_MAX_STATS_IDS", "12")
                .build();

        // Then
        assertThat(config.applicationId()).isEqualTo("rtcstats-enricher-v4");
        assertThat(config.assembly().inactivityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.budgets().extraction().maxStatsIds()).isEqualTo(12);
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
    void shouldRefuseTransactionTimeoutThatACloseCouldOutlive() {
        assertThatThrownBy(() -> EnricherConfig.fromEnv(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "k:9092",
                        "ENRICHER_TRANSACTION_TIMEOUT",
                        "10s",
                        "ENRICHER_MAX_CLOSE_TIME",
                        "5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENRICHER_TRANSACTION_TIMEOUT")
                .hasMessageContaining("ENRICHER_MAX_CLOSE_TIME");
    }

    @Test
    void shouldNameVariableWhenStandbyReplicasIsNotANumber() {
        assertThatThrownBy(() -> EnricherConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "ENRICHER_STANDBY_REPLICAS", "two")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENRICHER_STANDBY_REPLICAS");
    }
}
