package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void shouldReadTypedValuesAndDefaults() {
        // Given
        var env = new Env(Map.of("PORT", "8080", "FLAG", "yes", "GAP", "30s", "BLANK", " "));

        // When / Then
        assertThat(env.integer("PORT", 1, 1, 65535)).isEqualTo(8080);
        assertThat(env.bool("FLAG", false)).isTrue();
        assertThat(env.duration("GAP", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.duration("MISSING", Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldNameTheVariableWhenAValueIsInvalid() {
        var env = new Env(Map.of("PORT", "eighty", "MAX", "0", "GAP", "soon"));

        assertThatThrownBy(() -> env.integer("PORT", 1, 1, 65535))
                .hasMessage("PORT must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> env.integer("MAX", 5, 1, 10)).hasMessage("MAX must be between 1 and 10, got 0");
        assertThatThrownBy(() -> env.duration("GAP", Duration.ZERO)).hasMessageContaining("GAP must be a duration");
        assertThatThrownBy(() -> env.required("SECRET")).hasMessage("SECRET is required but not set");
    }
}
