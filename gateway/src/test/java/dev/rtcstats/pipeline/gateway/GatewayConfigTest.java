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
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.framesTopic()).isEqualTo(Topics.FRAMES);
        assertThat(config.auth().enabled()).isFalse();
        assertThat(config.obfuscateIpAddresses()).isTrue();
        assertThat(config.uploadPath()).isNull();
        assertThat(config.nonJsonFrames()).isEqualTo(GatewayConfig.NonJsonFrames.TAG);
        assertThat(config.producer().compression()).isEqualTo("zstd");
        assertThat(config.producer().maxInFlight()).isEqualTo(5);
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
                Map.entry("KAFKA_LINGER", "25ms"));

        // When
        GatewayConfig config = GatewayConfig.fromEnv(env);

        // Then
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.auth().enabled()).isTrue();
        assertThat(config.auth().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.uploadPath()).isEqualTo("/upload");
        assertThat(config.nonJsonFrames()).isEqualTo(GatewayConfig.NonJsonFrames.REJECT);
        assertThat(config.limits().maxConnections()).isEqualTo(7);
        assertThat(config.producer().compression()).isEqualTo("lz4");
        assertThat(config.producer().linger()).isEqualTo(Duration.ofMillis(25));
        assertThat(config.auth().toString()).doesNotContain("testSecret");
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
    void shouldNameTheNewVariableWhenTheOldObfuscationSwitchIsSet() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "GATEWAY_OBFUSCATE_IP_ADDRESSES", "false")))
                .hasMessageContaining("RTCSTATS_OBFUSCATE_IP_ADDRESSES");
    }
}
