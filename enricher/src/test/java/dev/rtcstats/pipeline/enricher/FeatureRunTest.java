package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.enricher.deadletters.EnricherDeadLetterReason;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureRunTest {
    @TempDir
    Path stateDir;

    @Test
    void shouldGiveUpOnFeaturesAndCloseTheConnectionWhenExtractionOutlivesItsTimeBudget() {
        // Given
        EnricherConfig config = AssemblerDriver.config(stateDir)
                .set("ENRICHER_MAX_CLOSE_TIME", "200ms")
                .build();
        try (AssemblerDriver driver = new AssemblerDriver(config, Selection.LIVE, new MisbehavingExtraction())) {
            String id = "spins-" + UUID.randomUUID();
            TestClient client = new TestClient(driver, id, AssemblerDriver.tags("s"), 0).open();
            client.frame("[\"getUserMedia\",null,{},1]");

            // When
            client.close();

            // Then
            assertThat(driver.sessions()).singleElement().satisfies(session -> {
                assertThat(session.featuresStatus()).isEqualTo(FeaturesStatus.FAILED);
                assertThat(session.featuresReason()).isEqualTo("close-time-over-budget");
            });
            assertThat(driver.dumps()).containsOnlyKeys(id);
            assertThat(driver.features()).isEmpty();
            assertThat(driver.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.reason()).isEqualTo("feature-extraction-failed");
                assertThat(letter.letter().exceptionClass()).endsWith("OutOfTime");
                assertThat(letter.letter().connectionId()).isEqualTo(id);
            });
            assertThat(driver.metrics.deadLetters().counted(EnricherDeadLetterReason.FEATURE_EXTRACTION_FAILED))
                    .isEqualTo(1);
            assertThat(driver.counters.featuresFailed().count()).isEqualTo(1);
        }
    }
}
