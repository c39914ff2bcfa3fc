package dev.rtcstats.pipeline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleConfigTest {
    private static final String SECRET = "a-console-secret-of-at-least-32-bytes";

    @Test
    void shouldApplyDefaultsWhenOnlyTheSecretIsSet() {
        // When
        ConsoleConfig config = ConsoleConfig.fromEnv(Map.of("CONSOLE_JWT_SECRET", SECRET));

        // Then
        assertThat(config.http().port()).isEqualTo(8083);
        assertThat(config.clickhouse().url()).isEqualTo("jdbc:clickhouse://127.0.0.1:8123/default");
        assertThat(config.clickhouse().queryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.dumps()).isInstanceOf(ConsoleConfig.NoDumps.class);
        assertThat(config.auth().tenantClaim()).isEqualTo("tenant");
        assertThat(config.auth().secureCookie()).isTrue();
        assertThat(config.ui().dumpImporterUrl()).isEqualTo(URI.create("http://127.0.0.1:8000/dump-importer/"));
        assertThat(config.ui().chartPoints()).isEqualTo(300);
    }

    @Test
    void shouldRefuseToStartWithoutAnyKeyForAnalystTokens() {
        // When / Then
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CONSOLE_JWT_SECRET or CONSOLE_JWKS_FILE");
    }

    @Test
    void shouldRefuseAShortSecretAndNameTheVariable() {
        // When / Then
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(Map.of("CONSOLE_JWT_SECRET", "short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CONSOLE_JWT_SECRET must be at least 32 bytes");
    }

    @Test
    void shouldNameTheVariableOfEveryInvalidValue() {
        // Given
        Map<String, String> cases = Map.of(
                "CONSOLE_PORT", "eighty",
                "CONSOLE_CLICKHOUSE_URL", "http://127.0.0.1:8123",
                "CONSOLE_DUMP_IMPORTER_URL", "file:///etc/passwd",
                "CONSOLE_JWKS_FILE", "/no/such/jwks.json",
                "CONSOLE_S3_ENDPOINT", "ftp://s3");

        // When / Then
        cases.forEach((name, value) -> {
            Map<String, String> env = new HashMap<>(Map.of("CONSOLE_JWT_SECRET", SECRET));
            env.put(name, value);
            assertThatThrownBy(() -> ConsoleConfig.fromEnv(env))
                    .as(name)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(name);
        });
    }

    @Test
    void shouldMaskEverySecretInToString() {
        // Given
        Map<String, String> env = Map.of(
                "CONSOLE_JWT_SECRET", SECRET,
                "CONSOLE_CLICKHOUSE_PASSWORD", "clickhouse-password",
                "CONSOLE_S3_ENDPOINT", "http://127.0.0.1:9000",
                "CONSOLE_S3_ACCESS_KEY", "minioadmin",
                "CONSOLE_S3_SECRET_KEY", "s3-secret-key");

        // When
        String text = ConsoleConfig.fromEnv(env).toString();

        // Then
        assertThat(text)
                .doesNotContain(SECRET, "clickhouse-password", "s3-secret-key")
                .contains("***");
        assertThat(text).contains("bucket=rtcstats");
    }
}
