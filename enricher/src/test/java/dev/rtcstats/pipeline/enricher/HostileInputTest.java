package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the {@link HostileCorpus} through the production topology and the real feature extraction, each
 * followed by a normal call from another client: the hostile records land in the dead letters with their reason,
 * the hostile connection's session says what became of its features, and the normal call gets its dump, session,
 * features and time series as if nothing had happened.
 */
class HostileInputTest {
    @TempDir
    Path stateDir;

    static List<HostileCorpus.Case> corpus() {
        return HostileCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldContainTheHostileConnectionAndServeTheNextOne(HostileCorpus.Case hostile) throws IOException {
        // Given
        EnricherConfig.Builder config = AssemblerDriver.config(stateDir);
        for (int i = 0; i < HostileCorpus.BUDGETS.size(); i += 2) {
            config.set(HostileCorpus.BUDGETS.get(i), HostileCorpus.BUDGETS.get(i + 1));
        }
        try (AssemblerDriver driver =
                new AssemblerDriver(config.build(), Selection.LIVE, new MisbehavingExtraction())) {
            long t0 = AssemblerDriver.START.toEpochMilli();
            String hostileId = hostile.idPrefix() + UUID.randomUUID();
            String normalId = UUID.randomUUID().toString();

            // When
            hostile.send().accept(new TestClient(driver, hostileId, AssemblerDriver.tags("hostile"), t0));
            TestClient normal = new TestClient(driver, normalId, AssemblerDriver.tags("normal"), t0).open();
            callFrames().forEach(normal::frame);
            normal.close();

            // Then
            List<AssemblerDriver.Letter> letters = driver.deadLetters();
            assertThat(letters)
                    .as("dead letters of the normal call")
                    .noneMatch(letter -> normalId.equals(letter.letter().connectionId()));
            assertThat(letters.stream().map(AssemblerDriver.Letter::reason).collect(Collectors.toSet()))
                    .as("dead-letter reasons")
                    .isEqualTo(hostile.deadLetters());
            assertThat(letters)
                    .allSatisfy(letter -> assertThat(new String(letter.key(), StandardCharsets.UTF_8))
                            .startsWith(hostileId.substring(0, Math.min(hostileId.length(), 10))));
            Map<String, SessionRecord> sessions = driver.sessions().stream()
                    .collect(Collectors.toMap(SessionRecord::connectionId, session -> session));
            hostile.features()
                    .ifPresentOrElse(
                            expected -> assertThat(sessions.get(hostileId))
                                    .as("hostile session")
                                    .isNotNull()
                                    .satisfies(session -> {
                                        assertThat(session.featuresStatus()).isEqualTo(expected.status());
                                        assertThat(session.featuresReason()).isEqualTo(expected.reason());
                                    }),
                            () -> assertThat(sessions).doesNotContainKey(hostileId));
            assertThat(sessions.get(normalId)).as("normal session").isNotNull().satisfies(session -> {
                assertThat(session.featuresStatus()).isEqualTo(FeaturesStatus.OK);
                assertThat(session.messageCount()).isEqualTo(33);
            });
            assertThat(driver.dumps()).containsKey(normalId);
            assertThat(driver.features()).anySatisfy(features -> {
                assertThat(features.connectionId()).isEqualTo(normalId);
                assertThat(features.connections()).hasSize(1);
            });
            assertThat(driver.stats()).anySatisfy(series -> {
                assertThat(series.connectionId()).isEqualTo(normalId);
                assertThat(series.samples()).hasSize(45);
            });
            assertThat(Set.copyOf(
                            letters.stream().map(AssemblerDriver.Letter::reason).toList()))
                    .doesNotContain("processing-failed");
        }
    }

    /** The frames of the features test call, without its header lines and close line. */
    static List<String> callFrames() throws IOException {
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/features/call.rtcstats")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return lines.subList(2, lines.size() - 1);
        }
    }
}
