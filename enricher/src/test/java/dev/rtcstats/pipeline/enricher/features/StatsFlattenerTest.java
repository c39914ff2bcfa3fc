package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rtcstats.pipeline.common.StatsSeries.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsFlattenerTest {

    @Test
    void shouldFlattenEveryNumericValueOfEveryDecompressedReportWhenTheDumpHasGetStats() {
        // Given: three polls, the last two deltas against the first
        ParsedDump dump = RtcStatsDump.read(TestDumps.resource("call.rtcstats"));

        // When
        List<Sample> samples = flatten(new StatsFlattener(5_000, 1024 * 1024), dump).stream()
                .flatMap(List::stream)
                .toList();

        // Then
        assertThat(samples).hasSize(45);
        assertThat(samples)
                .filteredOn(s -> s.reportId().equals("T") && s.metric().equals("bytesSent"))
                .extracting(Sample::peerConnection, Sample::type, Sample::timestamp, Sample::value)
                .containsExactly(
                        tuple("PC_0", "transport", 1_700_000_001_300L, 1000.0),
                        tuple("PC_0", "transport", 1_700_000_002_300L, 126_000.0),
                        tuple("PC_0", "transport", 1_700_000_003_400L, 251_000.0));
        assertThat(samples)
                .filteredOn(s -> s.reportId().equals("P"))
                .first()
                .extracting(Sample::metric, Sample::timestamp)
                .containsExactly("dataChannelsOpened", 1_700_000_001_250L);
        assertThat(samples)
                .extracting(Sample::metric)
                .doesNotContain("timestamp", "codecId", "selectedCandidatePairId", "kind", "dtlsRole");
    }

    @Test
    void shouldFlattenTheLegacyClientsGetstatsWhenItSendsFullNamesAndDeltas() {
        // Given: the rtcstats 5.x client's polls, shaped as a real Chromium session sent them: absolute times, the
        // poll's time at the top, 0 for the reports measured then, and only what changed since the previous poll
        ParsedDump dump = TestDumps.read(
                "[\"getstats\",\"PC_0\",{\"T01\":{\"timestamp\":0,\"type\":\"transport\",\"bytesSent\":1000,"
                        + "\"packetsSent\":10},\"OT01V1\":{\"timestamp\":1700000000990,\"type\":\"outbound-rtp\","
                        + "\"kind\":\"video\",\"framesPerSecond\":20},\"timestamp\":1700000001000.5},1700000001002]",
                "[\"getstats\",\"PC_0\",{\"T01\":{\"timestamp\":0,\"bytesSent\":9000},"
                        + "\"timestamp\":1700000002000.25},1700000002001]");

        // When
        List<Sample> samples = flatten(new StatsFlattener(5_000, 1024 * 1024), dump).stream()
                .flatMap(List::stream)
                .toList();

        // Then
        assertThat(samples)
                .extracting(Sample::reportId, Sample::type, Sample::metric, Sample::timestamp, Sample::value)
                .containsExactlyInAnyOrder(
                        tuple("T01", "transport", "bytesSent", 1_700_000_001_000L, 1000.0),
                        tuple("T01", "transport", "packetsSent", 1_700_000_001_000L, 10.0),
                        tuple("OT01V1", "outbound-rtp", "framesPerSecond", 1_700_000_000_990L, 20.0),
                        tuple("T01", "transport", "bytesSent", 1_700_000_002_000L, 9000.0),
                        tuple("T01", "transport", "packetsSent", 1_700_000_002_000L, 10.0),
                        tuple("OT01V1", "outbound-rtp", "framesPerSecond", 1_700_000_002_000L, 20.0));
        assertThat(dump.connections().get("PC_0"))
                .extracting(Event::type)
                .as("kept under its own name, so that the features do not read it, as the reference's do not")
                .containsOnly("getstats");
    }

    @Test
    void shouldSplitIntoBoundedBatchesOfWholeReportsWhenTheSeriesIsLongerThanOneBatch() {
        // Given
        ParsedDump dump = RtcStatsDump.read(TestDumps.resource("call.rtcstats"));

        // When
        List<List<Sample>> batches = flatten(new StatsFlattener(10, 1024 * 1024), dump);
        List<List<Sample>> byBytes = flatten(new StatsFlattener(5_000, 1_000), dump);

        // Then
        for (List<List<Sample>> split : List.of(batches, byBytes)) {
            assertThat(split).hasSizeGreaterThan(4);
            assertThat(split.stream().mapToInt(List::size).sum()).isEqualTo(45);
            assertThat(split.stream()
                            .flatMap(batch -> batch.stream()
                                    .map(StatsFlattenerTest::report)
                                    .distinct())
                            .toList())
                    .as("every report poll in one batch")
                    .doesNotHaveDuplicates();
        }
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(10));
        assertThat(byBytes).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(9));
    }

    @Test
    void shouldKeepTheSamplesThatFitWhenOneReportExceedsARecord() {
        // Given: one report of five values, records of three samples
        ParsedDump dump = TestDumps.read("[\"getStats\",\"PC_0\",{\"I\":{\"type\":\"inbound-rtp\",\"a\":1,\"b\":2,"
                + "\"c\":3,\"d\":4,\"e\":5}},1700000000000]");

        // When
        List<List<Sample>> batches = flatten(new StatsFlattener(3, 1024 * 1024), dump);

        // Then
        assertThat(batches)
                .singleElement()
                .satisfies(batch -> assertThat(batch).extracting(Sample::metric).containsExactly("a", "b", "c"));
    }

    @Test
    void shouldFlattenNestedObjectsAndSkipNonNumbersWhenAReportHasThem() {
        // Given
        ParsedDump dump = TestDumps.read("[\"getStats\",\"PC_1\",{\"O\":{\"type\":\"outbound-rtp\",\"ssrc\":1234,"
                + "\"qualityLimitationDurations\":{\"cpu\":1.5,\"none\":8},\"active\":true,\"rid\":\"h\","
                + "\"framesPerSecond\":30},\"t\":1700000000500},1700000000000]");

        // When
        List<Sample> samples =
                flatten(new StatsFlattener(5_000, 1024 * 1024), dump).getFirst();

        // Then
        assertThat(samples)
                .extracting(Sample::metric, Sample::timestamp, Sample::value)
                .containsExactly(
                        tuple("qualityLimitationDurations.cpu", 1_700_000_000_500L, 1.5),
                        tuple("qualityLimitationDurations.none", 1_700_000_000_500L, 8.0),
                        tuple("framesPerSecond", 1_700_000_000_500L, 30.0));
    }

    @Test
    void shouldKeepTheOtherValuesOfAReportWhenOneNameAloneExceedsARecord() {
        // Given: a value whose name is larger than a record, between two ordinary ones
        ParsedDump dump = TestDumps.read("[\"getStats\",\"PC_0\",{\"I\":{\"type\":\"inbound-rtp\",\"a\":1,\""
                + "x".repeat(2_000) + "\":2,\"c\":3}},1700000000000]");

        // When
        List<List<Sample>> batches = flatten(new StatsFlattener(100, 1_000), dump);

        // Then
        assertThat(batches)
                .singleElement()
                .satisfies(batch -> assertThat(batch).extracting(Sample::metric).containsExactly("a", "c"));
    }

    private static String report(Sample sample) {
        return sample.peerConnection() + "/" + sample.reportId() + "@" + sample.timestamp();
    }

    private static List<List<Sample>> flatten(StatsFlattener flattener, ParsedDump dump) {
        List<List<Sample>> batches = new ArrayList<>();
        flattener.flatten(dump, batches::add);
        return batches;
    }
}
