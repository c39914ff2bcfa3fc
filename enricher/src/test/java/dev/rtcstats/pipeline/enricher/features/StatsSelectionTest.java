package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.Json;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.StatsSeries.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsSelectionTest {
    @Test
    void shouldKeepWhatTheExampleQueriesNeedByDefault() {
        // Given
        StatsSelection selection = StatsSelection.fromEnv(Map.of());

        // When / Then
        assertThat(selection.keeps("inbound-rtp", "bytesReceived")).isTrue();
        assertThat(selection.keeps("candidate-pair", "currentRoundTripTime")).isTrue();
        assertThat(selection.keeps("outbound-rtp", "qualityLimitationDurations.cpu"))
                .isTrue();
        assertThat(selection.keeps("outbound-rtp", "framesPerSecond")).isTrue();
        assertThat(selection.keeps("codec", "clockRate")).isFalse();
        assertThat(selection.keeps("inbound-rtp", "headerBytesReceived")).isFalse();
        assertThat(selection.interval()).isZero();
    }

    @Test
    void shouldAnswerThroughItsFilterAsThroughKeepsWhenTheCacheIsLookedUpOnce() {
        // Given
        StatsSelection selection = new StatsSelection(List.of("inbound-rtp.*"), List.of("*.jitter"), Duration.ZERO);
        StatsSelection.Filter filter = selection.filter();

        // When / Then
        for (String[] question : new String[][] {
            {"inbound-rtp", "bytesReceived"}, {"inbound-rtp", "jitter"}, {"outbound-rtp", "bytesSent"}
        }) {
            assertThat(filter.keeps(question[0], question[1]))
                    .as(String.join(".", question))
                    .isEqualTo(selection.keeps(question[0], question[1]));
        }
        assertThat(filter.keeps("inbound-rtp", "bytesReceived")).isTrue();
        assertThat(filter.keeps("inbound-rtp", "jitter")).isFalse();
        assertThat(filter.keeps("outbound-rtp", "bytesSent")).isFalse();
    }

    @Test
    void shouldApplyKeepAndDropPatternsWhenTheOperatorSetsThem() {
        // Given
        StatsSelection selection = StatsSelection.fromEnv(Map.of(
                "ENRICHER_STATS_KEEP", "inbound-rtp.*, *.currentRoundTripTime",
                "ENRICHER_STATS_DROP", "*.jitter",
                "ENRICHER_STATS_INTERVAL", "5s"));

        // When / Then
        assertThat(selection.keeps("inbound-rtp", "packetsLost")).isTrue();
        assertThat(selection.keeps("inbound-rtp", "jitter")).isFalse();
        assertThat(selection.keeps("candidate-pair", "currentRoundTripTime")).isTrue();
        assertThat(selection.keeps("outbound-rtp", "bytesSent")).isFalse();
        assertThat(selection.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldKeepOneSamplePerSeriesAndIntervalWhenDownSampling() {
        // Given: three polls 1 s apart
        ParsedDump dump = RtcStatsDump.read(TestDumps.resource("call.rtcstats"));
        StatsFlattener every = new StatsFlattener(5_000, 1 << 20, StatsSelection.ALL);
        StatsFlattener sparse = new StatsFlattener(
                5_000, 1 << 20, new StatsSelection(List.of("*"), List.of(), Duration.ofMillis(1_500)));

        // When
        List<Sample> all = new ArrayList<>();
        List<Sample> down = new ArrayList<>();
        every.flatten(dump, all::addAll);
        sparse.flatten(dump, down::addAll);

        // Then
        assertThat(down)
                .filteredOn(s -> s.reportId().equals("T") && s.metric().equals("bytesSent"))
                .extracting(Sample::timestamp)
                .containsExactly(1_700_000_001_300L, 1_700_000_003_400L);
        assertThat(down).hasSizeLessThan(all.size());
    }

    @Test
    void shouldBoundRecordsByEncodedBytesWhenNamesInflateWhenEncoded() throws Exception {
        // Given: report ids of control characters and emoji, which JSON encodes at 2-6 times their length
        String id = "\u0001\u0002\"\\\uD83D\uDE00é€".repeat(40);
        List<String> polls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            polls.add("[\"getStats\",\"PC_0\","
                    + Json.MAPPER.writeValueAsString(
                            Map.of(id + i, Map.of("type", "inbound-rtp", "a", 1, "b", 2, "c", 3)))
                    + "," + (1_700_000_000_000L + i) + "]");
        }
        ParsedDump dump = TestDumps.read(polls.toArray(String[]::new));
        int max = 8_192;

        // When
        List<List<Sample>> batches = new ArrayList<>();
        new StatsFlattener(5_000, max, StatsSelection.ALL).flatten(dump, 500, batches::add);

        // Then
        assertThat(batches).hasSizeGreaterThan(1);
        for (List<Sample> batch : batches) {
            StatsSeries record = new StatsSeries(1, "c", null, null, null, null, 0, 1, batch);
            byte[] encoded = Json.MAPPER.writeValueAsBytes(record);
            assertThat(encoded.length).isLessThanOrEqualTo(max);
            assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\\u0001");
        }
    }
}
