package dev.rtcstats.pipeline.enricher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayMainTest {

    @Test
    void shouldExitWithUsageWhenVersionIsNotPositive() {
        // Given
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        // When
        int exitCode = ReplayMain.run(
                List.of("--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z", "--version", "0"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
                new PrintStream(console, true, StandardCharsets.UTF_8),
                (session, metadata, lines, budget, series) -> null);

        // Then
        assertThat(exitCode).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .startsWith("replay: --version must be greater than 0, got 0")
                .contains("usage: ReplayMain --from <instant> --to <instant> --version <n>");
    }
}
