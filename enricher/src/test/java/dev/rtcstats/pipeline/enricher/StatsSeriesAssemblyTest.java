package dev.rtcstats.pipeline.enricher;

import static dev.rtcstats.pipeline.enricher.AssemblerDriver.START;
import static dev.rtcstats.pipeline.enricher.AssemblerDriver.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsSeriesAssemblyTest {
    private static final String ID = "7d0c2b1a-3e4f-4a5b-8c6d-9e0f1a2b3c4d";
    private static final Tags TAGS = tags("session-1");

    @TempDir
    Path stateDir;

    @Test
    void shouldEmitTheGetStatsSeriesKeyedByConnectionWhenTheConnectionCloses() throws IOException {
        // Given
        long t0 = START.toEpochMilli();
        List<String> frames = callFrames();
        try (AssemblerDriver assembler =
                new AssemblerDriver(stateDir, 1024 * 1024, Selection.LIVE, new DumpFeatureExtraction())) {
            assembler.open(ID, TAGS, t0);
            for (int i = 0; i < frames.size(); i++) {
                assembler.frame(ID, TAGS, i + 1, t0 + i, frames.get(i));
            }

            // When
            assembler.close(ID, TAGS, 1000, frames.size(), t0 + frames.size(), t0 + frames.size() + 1);

            // Then
            List<StatsSeries> series = assembler.stats();
            assertThat(series).singleElement().satisfies(record -> {
                assertThat(record.format()).isEqualTo(StatsSeries.FORMAT);
                assertThat(record.connectionId()).isEqualTo(ID);
                assertThat(record.user()).isEqualTo("alice");
                assertThat(record.conference()).isEqualTo("room-1");
                assertThat(record.session()).isEqualTo("session-1");
                assertThat(record.startTime()).isEqualTo(t0);
                assertThat(record.processingVersion()).isEqualTo(7);
                assertThat(record.samples())
                        .hasSize(45)
                        .contains(new StatsSeries.Sample(
                                "PC_0", "CP", "candidate-pair", "totalRoundTripTime", 1_700_000_003_400L, 1.5));
            });
            assertThat(assembler.counters.statsSamples().count()).isEqualTo(45);
            assertThat(assembler.counters.statsRecords().count()).isEqualTo(1);
            assertThat(assembler.features())
                    .singleElement()
                    .satisfies(record -> assertThat(record.connections()).hasSize(1));
        }
    }

    @Test
    void shouldEmitNoSeriesWhenTheDumpIsTooLargeForFeatures() throws IOException {
        // Given: a features limit below this dump's size
        long t0 = START.toEpochMilli();
        List<String> frames = callFrames();
        try (AssemblerDriver assembler =
                new AssemblerDriver(stateDir, 1024, Selection.LIVE, new DumpFeatureExtraction())) {
            assembler.open(ID, TAGS, t0);
            for (int i = 0; i < frames.size(); i++) {
                assembler.frame(ID, TAGS, i + 1, t0 + i, frames.get(i));
            }

            // When
            assembler.close(ID, TAGS, 1000, frames.size(), t0 + frames.size(), t0 + frames.size() + 1);

            // Then
            assertThat(assembler.dumps()).containsOnlyKeys(ID);
            assertThat(assembler.stats()).isEmpty();
            assertThat(assembler.features()).isEmpty();
            assertThat(assembler.counters.featuresSkipped().count()).isEqualTo(1);
            assertThat(assembler.counters.statsSamples().count()).isZero();
        }
    }

    /** The frames of the features test call, without the header lines and the close line the assembler adds. */
    private static List<String> callFrames() throws IOException {
        try (InputStream in = StatsSeriesAssemblyTest.class.getResourceAsStream("/features/call.rtcstats")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return lines.subList(2, lines.size() - 1);
        }
    }
}
