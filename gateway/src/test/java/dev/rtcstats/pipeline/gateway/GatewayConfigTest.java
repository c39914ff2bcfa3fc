package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void shouldApplyDefaultsWhenOnlyBootstrapIsSet() {
        // Given
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

        // When
        GatewayConfig config = GatewayConfig.fromEnv(env);

        // Then
        assertThat(config.listener().port()).isEqualTo(8080);
        assertThat(config.kafka().framesTopic()).isEqualTo(Topics.FRAMES);
        assertThat(config.kafka().deadLetterTopic()).isEqualTo(Topics.DEAD_LETTERS);
        assertThat(config.auth().enabled()).isFalse();
        assertThat(config.obfuscateIpAddresses()).isTrue();
        assertThat(config.upload().enabled()).isFalse();
        assertThat(config.limits().nonJsonFrames()).isEqualTo(NonJsonFrames.TAG);
        assertThat(config.limits().maxPreAuthConnections()).isEqualTo(1000);
        assertThat(config.timeouts()).isEqualTo(Timeouts.DEFAULTS);
        assertThat(config.kafka().compression()).isEqualTo("zstd");
        assertThat(config.kafka().maxInFlight()).isEqualTo(5);
        assertThat(config.limits().maxFrameBytes()).isEqualTo(1_000_000);
    }

    @Test
    void shouldReadEveryVariableWhenSet() {
        // Given
        Map<String, String> env = Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k:9092"),
                Map.entry("GATEWAY_PORT", "9000"),
                Map.entry("RTCSTATS_JWT_SECRET", "testSecret"),
                Map.entry("RTCSTATS_JWT_CLOCK_SKEW", "30s"),
                Map.entry("GATEWAY_ALLOWED_ORIGINS", "https://a.example, https://b.example"),
                Map.entry("GATEWAY_UPLOAD_PATH", "/upload"),
                Map.entry("GATEWAY_NON_JSON_FRAMES", "reject"),
                Map.entry("GATEWAY_MAX_CONNECTIONS", "7"),
                Map.entry("KAFKA_COMPRESSION", "lz4"),
                Map.entry("KAFKA_LINGER", "25ms"),
                Map.entry("GATEWAY_HANDSHAKE_TIMEOUT", "3s"),
                Map.entry("GATEWAY_IDLE_TIMEOUT", "45s"));

        // When
        GatewayConfig config = GatewayConfig.fromEnv(env);

        // Then
        assertThat(config.listener().port()).isEqualTo(9000);
        assertThat(config.auth().enabled()).isTrue();
        assertThat(config.auth().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.auth().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.upload().path()).isEqualTo("/upload");
        assertThat(config.limits().nonJsonFrames()).isEqualTo(NonJsonFrames.REJECT);
        assertThat(config.limits().maxConnections()).isEqualTo(7);
        assertThat(config.kafka().compression()).isEqualTo("lz4");
        assertThat(config.kafka().linger()).isEqualTo(Duration.ofMillis(25));
        assertThat(config.timeouts().handshake()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.timeouts().idle()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.toString()).doesNotContain("testSecret").contains("secret=***");
    }

    @Test
    void shouldNameTheVariableWhenBootstrapIsMissing() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldRejectInFlightAboveFiveWhenIdempotenceIsRequired() {
        assertThatThrownBy(() ->
                        GatewayConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KAFKA_MAX_IN_FLIGHT", "6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_MAX_IN_FLIGHT");
    }

    @Test
    void shouldRejectUnknownCompressionWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KAFKA_COMPRESSION", "brotli")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_COMPRESSION");
    }

    @Test
    void shouldRejectRelativeUploadPathWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "GATEWAY_UPLOAD_PATH", "upload")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_UPLOAD_PATH");
    }

    @Test
    void shouldRejectMissingJwksFileWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "RTCSTATS_JWKS_FILE", "/nonexistent/jwks.json")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RTCSTATS_JWKS_FILE");
    }

    @Test
    void shouldRejectInflightBudgetAboveProducerBufferWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "k:9092",
                        "GATEWAY_MAX_INFLIGHT_BYTES",
                        "100000000",
                        "KAFKA_BUFFER_BYTES",
                        "50000000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_MAX_INFLIGHT_BYTES");
    }

    @Test
    void shouldRejectUnknownNonJsonModeWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "GATEWAY_NON_JSON_FRAMES", "ignore")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_NON_JSON_FRAMES");
    }

    @Test
    void shouldRejectDeliveryTimeoutBelowLingerWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KAFKA_LINGER", "500ms", "KAFKA_DELIVERY_TIMEOUT", "1s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_DELIVERY_TIMEOUT");
    }

    @Test
    void shouldRejectUploadTimeoutLongerThanATransactionMayLastWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "GATEWAY_UPLOAD_TIMEOUT", "20m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_UPLOAD_TIMEOUT");
    }

    @Test
    void shouldRejectReadyStallShorterThanTheCheckIntervalWhenSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "k:9092",
                        "GATEWAY_READY_CHECK_INTERVAL",
                        "10s",
                        "GATEWAY_READY_STALL",
                        "5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_READY_STALL");
    }

    @Test
    void shouldReplaceOneGroupAndValidateAgainWhenBuilt() {
        // Given
        GatewayConfig.Builder builder = GatewayConfig.builder("k:9092");

        // When
        GatewayConfig config = builder.auth(AuthSettings.withSecret("s"))
                .upload(UploadSettings.at("/up"))
                .build();

        // Then
        assertThat(config.auth().enabled()).isTrue();
        assertThat(config.upload().path()).isEqualTo("/up");
        assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
        assertThatThrownBy(() -> builder.limits(new Limits(
                                1_000_000,
                                200,
                                2000,
                                1_000_000,
                                10_000,
                                1000,
                                256,
                                128L * 1024 * 1024,
                                NonJsonFrames.TAG))
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_BUFFER_BYTES");
    }

    @Test
    void shouldNameTheNewVariableWhenTheOldObfuscationSwitchIsSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "GATEWAY_OBFUSCATE_IP_ADDRESSES", "false")))
                .hasMessageContaining("RTCSTATS_OBFUSCATE_IP_ADDRESSES");
    }
}
