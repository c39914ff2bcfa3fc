package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.Tags;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GenerateTokenTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldPrintUrlWithVerifiableTokenWhenUrlGiven() {
        // When
        String url = GenerateToken.run(
                new String[] {"--secret", "s3cret", "--user", "u", "--conference", "c", "--url", "ws://127.0.0.1:8080"},
                null,
                CLOCK);

        // Then
        assertThat(url).startsWith("ws://127.0.0.1:8080/?rtcstats-token=");
        String token = URLDecoder.decode(url.substring(url.indexOf('=') + 1), StandardCharsets.UTF_8);
        Authorization result = new JwtTokenVerifier(
                        new AuthSettings("s3cret", null, Duration.ZERO, java.util.List.of()), CLOCK)
                .verify(token);
        assertThat(result).isEqualTo(new Authorization.Granted(new Tags("u", "c", null, null, null)));
    }

    @Test
    void shouldFailWhenNoSecret() {
        assertThatThrownBy(() -> GenerateToken.run(new String[] {"--user", "u"}, null, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }
}
