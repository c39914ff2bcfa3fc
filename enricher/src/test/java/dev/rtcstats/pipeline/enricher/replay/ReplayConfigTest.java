package dev.rtcstats.pipeline.enricher.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ReplayConfigTest {
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");

    @Test
    void shouldReadRangeVersionAndConferenceWhenArgumentsAreValid() {
        // Given
        List<String> args = List.of(
                "--from",
                "2026-11-01T00:00:00Z",
                "--to=2026-11-02T00:00:00Z",
                "--version",
                "2",
                "--conference",
                "room-42");

        // When
        ReplayConfig config = ReplayConfig.parse(args, ENV);

        // Then
        assertThat(config.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(config.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(config.version()).isEqualTo(2);
        assertThat(config.conference()).isEqualTo("room-42");
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.applicationId())
                .isEqualTo("rtcstats-enricher-replay-v2-20261101T000000Z-20261102T000000Z-room-42");
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    }

    @Test
    void shouldUseDistinctSafeApplicationIdsWhenConferencesNeedEscaping() {
        // Given
        List<String> base =
                List.of("--from", "2026-11-01T00:00:00.250Z", "--to", "2026-11-02T00:00:00Z", "--version", "3");

        // When
        String slash =
                ReplayConfig.parse(concat(base, "--conference", "a/b"), ENV).applicationId();
        String colon =
                ReplayConfig.parse(concat(base, "--conference", "a:b"), ENV).applicationId();
        String all = ReplayConfig.parse(base, ENV).applicationId();

        // Then
        assertThat(List.of(slash, colon, all))
                .allMatch(id -> id.matches("[A-Za-z0-9._-]+"))
                .doesNotHaveDuplicates();
        assertThat(all).isEqualTo("rtcstats-enricher-replay-v3-20261101T000000.250Z-20261102T000000Z");
        assertThat(all).isNotEqualTo(ReplayConfig.parse(base, ENV).enricher().applicationId());
    }

    @Test
    void shouldRejectArgumentsWithClearMessagesWhenTheyAreWrong() {
        assertThatThrownBy(
                        () -> parse("--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z", "--version", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--version must be greater than 0, got 0");
        assertThatThrownBy(
                        () -> parse("--from", "2026-11-02T00:00:00Z", "--to", "2026-11-01T00:00:00Z", "--version", "2"))
                .hasMessageContaining("--from (2026-11-02T00:00:00Z) must be before --to");
        assertThatThrownBy(() -> parse("--from", "yesterday", "--to", "2026-11-01T00:00:00Z", "--version", "2"))
                .hasMessageStartingWith("--from must be an ISO-8601 instant");
        assertThatThrownBy(() -> parse("--to", "2026-11-01T00:00:00Z", "--version", "2"))
                .hasMessage("--from is required");
        assertThatThrownBy(() ->
                        parse("--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z", "--version", "two"))
                .hasMessage("--version must be a whole number, got 'two'");
        assertThatThrownBy(() -> parse(
                        "--from",
                        "2026-11-01T00:00:00Z",
                        "--to",
                        "2026-11-02T00:00:00Z",
                        "--version",
                        "2",
                        "--room",
                        "x"))
                .hasMessage("unknown argument '--room'");
        assertThatThrownBy(() -> parse("--from", "2026-11-01T00:00:00Z", "--version"))
                .hasMessage("--version needs a value");
    }

    @Test
    void shouldRejectVersionWhenNotAboveLiveProcessingVersion() {
        // Given
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "ENRICHER_PROCESSING_VERSION", "2");

        // When / Then
        assertThatThrownBy(() -> ReplayConfig.parse(
                        List.of("--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z", "--version", "2"),
                        env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--version must be greater than ENRICHER_PROCESSING_VERSION (2)");
    }

    @Test
    void shouldNameVariableWhenBootstrapServersAreMissing() {
        assertThatThrownBy(() -> ReplayConfig.parse(
                        List.of("--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z", "--version", "2"),
                        Map.of()))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    private static ReplayConfig parse(String... args) {
        return ReplayConfig.parse(List.of(args), ENV);
    }

    private static List<String> concat(List<String> base, String... more) {
        return java.util.stream.Stream.concat(base.stream(), java.util.Arrays.stream(more))
                .toList();
    }
}
