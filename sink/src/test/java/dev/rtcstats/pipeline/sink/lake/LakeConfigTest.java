package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeConfigTest {
    @Test
    void shouldBeOffUnlessEnabled() {
        // Then
        assertThat(LakeConfig.fromEnv(Map.of(), "rtcstats")).isEmpty();
        assertThat(LakeConfig.fromEnv(Map.of("SINK_LAKE_ENABLED", "false"), "rtcstats"))
                .isEmpty();
    }

    @Test
    void shouldUseTheDefaultsWhenOnlyEnabled() {
        // When
        LakeConfig config =
                LakeConfig.fromEnv(Map.of("SINK_LAKE_ENABLED", "true"), "dumps").orElseThrow();

        // Then
        assertThat(config.bucket()).isEqualTo("dumps");
        assertThat(config.prefix()).isEqualTo("lake");
        assertThat(config.rollBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.rollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.rowGroupBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.maxOpenFiles()).isEqualTo(32);
        assertThat(config.zstdLevel()).isEqualTo(3);
        assertThat(config.spoolDir().toString()).endsWith("rtcstats-sink-lake");
    }

    @Test
    void shouldNameTheVariableWhenAValueIsInvalid() {
        // Then
        assertThatThrownBy(() -> LakeConfig.fromEnv(
                        Map.of("SINK_LAKE_ENABLED", "true", "SINK_LAKE_PREFIX", "/lake/"), "rtcstats"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_LAKE_PREFIX");
        assertThatThrownBy(() -> LakeConfig.fromEnv(
                        Map.of("SINK_LAKE_ENABLED", "true", "SINK_LAKE_ROLL_INTERVAL", "10ms"), "rtcstats"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_LAKE_ROLL_INTERVAL");
        assertThatThrownBy(() -> LakeConfig.fromEnv(
                        Map.of("SINK_LAKE_ENABLED", "true", "SINK_LAKE_BUCKET", "Bad_Bucket"), "rtcstats"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_LAKE_BUCKET");
        assertThatThrownBy(() -> LakeConfig.fromEnv(
                        Map.of("SINK_LAKE_ENABLED", "true", "SINK_LAKE_ROLL_BYTES", "1024"), "rtcstats"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SINK_LAKE_ROLL_BYTES");
    }
}
