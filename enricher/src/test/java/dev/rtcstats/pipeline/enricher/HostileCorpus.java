package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

/**
 * What hostile or broken clients can make reach the enricher, one case per input, with what must become of it: the
 * dead-letter reasons its records get, and the features status of its session (empty when no session record can be
 * written at all). {@link HostileInputTest} runs each case followed by a normal connection.
 */
final class HostileCorpus {
    /**
     * The budgets the corpus runs under: small, so that small inputs reach them, except time, which a loaded build
     * machine must never run out of ({@link FeatureRunTest} covers the time budget).
     */
    static final List<String> BUDGETS = List.of(
            "ENRICHER_MAX_CONNECTION_FRAMES", "3000",
            "ENRICHER_FEATURES_MAX_REPORTS_PER_FRAME", "500",
            "ENRICHER_FEATURES_MAX_STATS_IDS", "1000",
            "ENRICHER_FEATURES_MAX_STATS_VALUES", "300000",
            "ENRICHER_TIMESERIES_MAX_SAMPLES", "50000",
            "ENRICHER_MAX_CLOSE_TIME", "60s",
            "ENRICHER_TRANSACTION_TIMEOUT", "300s");

    private HostileCorpus() {}

    /**
     * @param deadLetters the distinct dead-letter reasons of the hostile connection's records
     * @param features    the features status and reason of its session, or empty when it has no session record
     */
    record Case(
            String name,
            String idPrefix,
            Consumer<TestClient> send,
            Set<String> deadLetters,
            Optional<Outcome> features) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A session's features status and reason (null when ok). */
    record Outcome(FeaturesStatus status, String reason) {}

    static List<Case> cases() {
        return List.of(
                new Case(
                        "frame larger than the frame store accepts",
                        "h",
                        c -> c.open()
                                .frame("[\"getUserMedia\",null,{},1]")
                                .frame(new byte[EnricherConfig.MAX_FRAME_BYTES + 1])
                                .close(),
                        Set.of("oversize-frame"),
                        ok()),
                new Case(
                        "deeply nested JSON array",
                        "h",
                        c -> c.open()
                                .frame("[".repeat(100_000) + "]".repeat(100_000))
                                .frame("[\"getUserMedia\",null,{},1]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "deeply nested getStats report",
                        "h",
                        c -> c.open()
                                .frame("[\"g\",\"PC_0\",{\"A\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)
                                        + "},1]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "time delta of 1e300",
                        "h",
                        c -> c.open()
                                .frame("[\"getUserMedia\",null,{},1e300]")
                                .frame("[\"g\",\"PC_0\",{\"A\":{\"80\":1},\"t\":1e300},1e300]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "negative, NaN-like and tiny time deltas",
                        "h",
                        c -> c.open()
                                .frame("[\"getUserMedia\",null,{},-1e18]")
                                .frame("[\"getUserMedia\",null,{},\"NaN\"]")
                                .frame("[\"getUserMedia\",null,{},\"Infinity\"]")
                                .frame("[\"g\",\"PC_0\",{\"A\":{\"80\":1},\"t\":-5},1e-300]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "absurd numbers in getStats",
                        "h",
                        c -> c.open()
                                .frame("[\"g\",\"PC_0\",{\"A\":{\"80\":1e308,\"81\":-1e308,\"82\":"
                                        + "1234567890123456789012345678901234567890,\"83\":1e-320},\"t\":1},1]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "one getStats frame with 100,000 reports",
                        "h",
                        c -> c.open().frame(getStats(0, 100_000, 1, "1")).close(),
                        Set.of(),
                        truncated("reports-per-frame-over-budget")),
                new Case(
                        "a report id longer than the JSON parser accepts",
                        "h",
                        c -> c.open()
                                .frame("[\"g\",\"PC_0\",{\"" + "x".repeat(1_100_000) + "\":{\"80\":1},\"t\":1},1]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "a report id of escapes that inflate time-series records",
                        "h",
                        c -> c.open()
                                .frame(getStats(0, 1, 40, "1").replace("R0", "\\u0001".repeat(40_000)))
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "more distinct stats ids than the budget",
                        "h",
                        c -> c.open()
                                .frame(getStats(0, 400, 2, "1"))
                                .frame(getStats(400, 400, 2, "2"))
                                .frame(getStats(800, 400, 2, "3"))
                                .close(),
                        Set.of(),
                        truncated("stats-ids-over-budget")),
                new Case(
                        "tiny deltas that expand to large reports",
                        "h",
                        c -> {
                            c.open().frame(getStats(0, 400, 10, "1"));
                            for (int poll = 2; poll < 1000; poll++) {
                                c.frame("[\"g\",\"PC_0\",{\"t\":" + poll + "},1]");
                            }
                            c.close();
                        },
                        Set.of(),
                        truncated("stats-values-over-budget")),
                new Case(
                        "more time series samples than the budget",
                        "h",
                        c -> {
                            c.open().frame(getStats(0, 400, 10, "1"));
                            for (int poll = 2; poll < 22; poll++) {
                                c.frame("[\"g\",\"PC_0\",{\"t\":" + poll + "},1]");
                            }
                            c.close();
                        },
                        Set.of(),
                        truncated("series-samples-over-budget")),
                new Case(
                        "escapes that inflate the feature record",
                        "h",
                        c -> c.open()
                                .frame("[\"addIceCandidateOnFailure\",\"PC_0\",\"" + "\\u0001".repeat(200_000)
                                        + "\",1]")
                                .close(),
                        Set.of("derived-record-too-large"),
                        failed("features-record-too-large")),
                new Case(
                        "binary garbage and invalid UTF-8 as frames",
                        "h",
                        c -> c.open()
                                .frame(garbage(1))
                                .frame(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '[', ']'})
                                .frame("[\"getUserMedia\",null,{},1]")
                                .close(),
                        Set.of(),
                        ok()),
                new Case(
                        "records without headers",
                        "h",
                        c -> raw(c, new RecordHeaders(), garbage(2)),
                        Set.of("bad-record-format"),
                        none()),
                new Case(
                        "an unknown record kind",
                        "h",
                        c -> raw(c, headers("what"), garbage(3)),
                        Set.of("bad-record-format"),
                        none()),
                new Case(
                        "a sequence header that is not a number",
                        "h",
                        c -> {
                            RecordHeaders headers = headers("frame");
                            headers.add("rtcstats-seq", "one".getBytes(StandardCharsets.UTF_8));
                            raw(c, headers, "[1]".getBytes(StandardCharsets.UTF_8));
                        },
                        Set.of("bad-record-format"),
                        none()),
                new Case(
                        "a close whose body is not JSON",
                        "h",
                        c -> {
                            c.open().frame("[\"getUserMedia\",null,{},1]");
                            raw(c, headers("close"), garbage(4));
                        },
                        Set.of("bad-record-format"),
                        none()),
                new Case(
                        "frames after the close",
                        "h",
                        c -> c.open()
                                .frame("[\"getUserMedia\",null,{},1]")
                                .close()
                                .frame("[\"late\",null,{},1]")
                                .frame("[\"later\",null,{},1]"),
                        Set.of("connection-not-open"),
                        ok()),
                new Case(
                        "frames and a close without an open",
                        "h",
                        c -> c.frame("[1]").frame("[2]").close(),
                        Set.of("connection-not-open"),
                        none()),
                new Case(
                        "repeated open and repeated, out-of-order sequences",
                        "h",
                        c -> {
                            c.open().open();
                            for (long sequence : new long[] {1, 2, 2, 1, 3, 5, 4, 6, 1}) {
                                c.frameAt(
                                        sequence,
                                        ("[\"getUserMedia\",null,{}," + sequence + "]")
                                                .getBytes(StandardCharsets.UTF_8));
                            }
                            c.close();
                        },
                        Set.of("duplicate-sequence"),
                        ok()),
                new Case(
                        "a connection id that cannot name a blob",
                        "bad/../id-",
                        c -> c.open().frame("[1]").close(),
                        Set.of("unusable-connection-id", "connection-not-open"),
                        none()),
                new Case(
                        "more frames than the connection budget",
                        "h",
                        c -> {
                            c.open();
                            for (int i = 0; i < 3005; i++) {
                                c.frame("[\"getUserMedia\",null,{},1]");
                            }
                            c.close();
                        },
                        Set.of("connection-over-budget"),
                        truncated("connection-over-budget")),
                new Case(
                        "a metadata line that is not JSON",
                        "h",
                        c -> c.open("{not json")
                                .frame("[\"getUserMedia\",null,{},1]")
                                .close(),
                        Set.of("feature-extraction-failed"),
                        failed("extraction-failed")),
                new Case(
                        "feature extraction that overflows its stack",
                        "overflow-",
                        c -> c.open().frame("[\"getUserMedia\",null,{},1]").close(),
                        Set.of("feature-extraction-failed"),
                        failed("extraction-failed")),
                new Case(
                        "feature extraction that throws",
                        "throws-",
                        c -> c.open().frame("[\"getUserMedia\",null,{},1]").close(),
                        Set.of("feature-extraction-failed"),
                        failed("extraction-failed")),
                new Case(
                        "a tag so large that no record of the connection fits",
                        "h",
                        c -> {
                            TestClient big = new TestClient(
                                    c.driver, c.id, new Tags("u".repeat(1_100_000), "room", "s", null, "gw"), 0);
                            big.open().frame("[\"getUserMedia\",null,{},1]").close();
                        },
                        Set.of("derived-record-too-large"),
                        none()));
    }

    /** A getStats frame with {@code count} reports from id {@code first}, each with {@code properties} counters. */
    static String getStats(int first, int count, int properties, String time) {
        StringBuilder frame = new StringBuilder("[\"g\",\"PC_0\",{");
        for (int report = first; report < first + count; report++) {
            frame.append("\"R").append(report).append("\":{\"type\":\"inbound-rtp\"");
            for (int property = 0; property < properties; property++) {
                frame.append(",\"").append(80 + property).append("\":").append(report + property);
            }
            frame.append("},");
        }
        return frame.append("\"t\":").append(time).append("},1]").toString();
    }

    private static byte[] garbage(long seed) {
        byte[] bytes = new byte[2048];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static RecordHeaders headers(String kind) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("rtcstats-format", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("rtcstats-kind", kind.getBytes(StandardCharsets.UTF_8));
        headers.add("rtcstats-ts", "1764000000000".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static void raw(TestClient client, RecordHeaders headers, byte[] value) {
        client.driver.frames.pipeInput(new TestRecord<>(
                client.id.getBytes(StandardCharsets.UTF_8), value, headers, Instant.ofEpochMilli(1764000000000L)));
    }

    private static Optional<Outcome> ok() {
        return Optional.of(new Outcome(FeaturesStatus.OK, null));
    }

    private static Optional<Outcome> truncated(String reason) {
        return Optional.of(new Outcome(FeaturesStatus.TRUNCATED, reason));
    }

    private static Optional<Outcome> failed(String reason) {
        return Optional.of(new Outcome(FeaturesStatus.FAILED, reason));
    }

    private static Optional<Outcome> none() {
        return Optional.empty();
    }
}
