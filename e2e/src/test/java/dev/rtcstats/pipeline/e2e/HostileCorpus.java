package dev.rtcstats.pipeline.e2e;

import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.ABSURD_NUMBERS_AND_TIMES;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.BINARY_AND_INVALID_UTF8;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.HUGE_IDS_AND_KEY_COUNTS;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.HUGE_OR_NESTED_JSON;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.INFLATING_UNICODE_AND_ESCAPES;
import static dev.rtcstats.pipeline.e2e.HostileFrames.bigFrame;
import static dev.rtcstats.pipeline.e2e.HostileFrames.escapedReportPolls;
import static dev.rtcstats.pipeline.e2e.HostileFrames.failure;
import static dev.rtcstats.pipeline.e2e.HostileFrames.fullPolls;
import static dev.rtcstats.pipeline.e2e.HostileFrames.garbage;
import static dev.rtcstats.pipeline.e2e.HostileFrames.getStats;
import static dev.rtcstats.pipeline.e2e.HostileFrames.text;
import static dev.rtcstats.pipeline.e2e.HostileFrames.tinyDeltas;
import static dev.rtcstats.pipeline.e2e.HostileFrames.wideObject;

import dev.rtcstats.pipeline.common.DeadLetter.Stage;
import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.e2e.HostileCase.InputClass;
import dev.rtcstats.pipeline.e2e.HostileInput.Connection;
import dev.rtcstats.pipeline.e2e.HostileInput.Frame;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hostile corpus of {@link HostileClientsIT}: what clients send, one case per input, with what must become of
 * it. This part holds what travels inside frames; {@link HostileConnections} holds what misuses connections,
 * tokens, sequences and uploads. The pipeline runs under {@link #GATEWAY} and {@link #ENRICHER}, small budgets that
 * small inputs reach; the frame rate is low enough that a flood exceeds it however slowly a loaded machine sends.
 */
final class HostileCorpus {
    static final Map<String, String> GATEWAY = Map.ofEntries(
            Map.entry("GATEWAY_UPLOAD_PATH", "/upload"),
            Map.entry("GATEWAY_MAX_UPLOAD_BYTES", "3000000"),
            Map.entry("GATEWAY_MAX_FRAMES_PER_CONNECTION", "5000"),
            Map.entry("GATEWAY_MAX_FRAMES_PER_SECOND", "20"),
            Map.entry("GATEWAY_FRAME_BURST", "1500"),
            Map.entry("GATEWAY_MAX_PREAUTH_CONNECTIONS", "20"),
            Map.entry("GATEWAY_HANDSHAKE_TIMEOUT", "1s"),
            Map.entry("GATEWAY_IDLE_TIMEOUT", "3s"));
    static final Map<String, String> ENRICHER = Map.ofEntries(
            Map.entry("ENRICHER_MAX_CONNECTION_FRAMES", "1000"),
            Map.entry("ENRICHER_FEATURES_MAX_DUMP_BYTES", "2000000"),
            Map.entry("ENRICHER_FEATURES_MAX_REPORTS_PER_FRAME", "500"),
            Map.entry("ENRICHER_FEATURES_MAX_STATS_IDS", "1000"),
            Map.entry("ENRICHER_FEATURES_MAX_STATS_VALUES", "30000"),
            Map.entry("ENRICHER_TIMESERIES_MAX_SAMPLES", "20000"),
            Map.entry("ENRICHER_MAX_CLOSE_TIME", "30s"),
            Map.entry("ENRICHER_TRANSACTION_TIMEOUT", "300s"));

    static final String GUM = "[\"getUserMedia\",null,{\"audio\":true},1]";

    private HostileCorpus() {}

    static List<HostileCase> cases() {
        return Stream.of(frames(), HostileConnections.cases())
                .flatMap(List::stream)
                .toList();
    }

    private static List<HostileCase> frames() {
        return List.of(
                new HostileCase(
                        "json-deep-array",
                        HUGE_OR_NESTED_JSON,
                        "an array nested 100,000 deep between normal frames",
                        Connection.of(text(GUM), text("[".repeat(100_000) + "]".repeat(100_000)), text(GUM)),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(3))),
                new HostileCase(
                        "json-deep-report",
                        HUGE_OR_NESTED_JSON,
                        "a getStats report nested 50,000 deep",
                        Connection.of(text("[\"g\",\"PC_0\",{\"A\":" + "{\"a\":".repeat(50_000) + "1"
                                + "}".repeat(50_000) + "},1]")),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "json-frame-too-big",
                        HUGE_OR_NESTED_JSON,
                        "a frame one byte over GATEWAY_MAX_FRAME_BYTES after a normal one",
                        Connection.of(text(GUM), text("[\"" + "x".repeat(999_997) + "\"]")),
                        List.of(
                                closed(1009),
                                rejected("frame-too-big"),
                                column("close_code", "1009"),
                                features(FeaturesStatus.OK, null),
                                dump(1))),
                new HostileCase(
                        "json-dump-over-budget",
                        HUGE_OR_NESTED_JSON,
                        "three frames of 900 KB: a dump over ENRICHER_FEATURES_MAX_DUMP_BYTES",
                        Connection.of(bigFrame('a'), bigFrame('b'), bigFrame('c')),
                        List.of(closed(1000), features(FeaturesStatus.SKIPPED, "dump-over-budget"), dump(3))),
                new HostileCase(
                        "num-delta-1e300",
                        ABSURD_NUMBERS_AND_TIMES,
                        "time deltas of 1e300 on an event and a getStats poll",
                        Connection.of(
                                text("[\"getUserMedia\",null,{},1e300]"),
                                text("[\"g\",\"PC_0\",{\"A\":{\"80\":1},\"t\":1e300},1e300]")),
                        List.of(
                                closed(1000),
                                features(FeaturesStatus.OK, null),
                                dump(2),
                                dead(Stage.SINK_ROWS, "invalid-value"))),
                new HostileCase(
                        "num-negative-nan-times",
                        ABSURD_NUMBERS_AND_TIMES,
                        "negative, NaN-like, infinite-like and tiny time deltas",
                        Connection.of(
                                text("[\"getUserMedia\",null,{},-1e18]"),
                                text("[\"getUserMedia\",null,{},\"NaN\"]"),
                                text("[\"getUserMedia\",null,{},\"Infinity\"]"),
                                text("[\"g\",\"PC_0\",{\"A\":{\"80\":1},\"t\":-5},1e-300]")),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(4))),
                new HostileCase(
                        "num-absurd-stats",
                        ABSURD_NUMBERS_AND_TIMES,
                        "getStats values of 1e308, -1e308, a 40-digit integer and a subnormal",
                        Connection.of(text("[\"g\",\"PC_0\",{\"A\":{\"type\":\"outbound-rtp\",\"bytesSent\":1e308,"
                                + "\"packetsSent\":-1e308,\"framesSent\":1234567890123456789012345678901234567890,"
                                + "\"targetBitrate\":1e-320},\"t\":1},1]")),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "num-report-time-1e300",
                        ABSURD_NUMBERS_AND_TIMES,
                        "getStats samples stamped 1e300 ms, past any DateTime64",
                        Connection.of(text("[\"g\",\"PC_0\",{\"A\":{\"type\":\"outbound-rtp\",\"bytesSent\":5},"
                                + "\"t\":1e300},1]")),
                        List.of(
                                closed(1000),
                                features(FeaturesStatus.OK, null),
                                dump(1),
                                dead(Stage.SINK_ROWS, "invalid-value"))),
                new HostileCase(
                        "num-close-code-4999",
                        ABSURD_NUMBERS_AND_TIMES,
                        "a close code of the client's own choosing",
                        new Connection(Map.of(), Map.of(), List.of(text(GUM)), 4999, List.of()),
                        List.of(closed(4999), column("close_code", "4999"), dump(1))),
                new HostileCase(
                        "ids-report-id-60k",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "a report id of 60,000 characters, over the JSON parser's name limit",
                        Connection.of(text("[\"g\",\"PC_0\",{\"" + "x".repeat(60_000) + "\":{\"80\":1},\"t\":1},1]")),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "ids-reports-per-frame",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "2,000 reports in one getStats frame",
                        Connection.of(text(getStats(0, 2000, 1, "1"))),
                        List.of(
                                closed(1000),
                                features(FeaturesStatus.TRUNCATED, "reports-per-frame-over-budget"),
                                dump(1))),
                new HostileCase(
                        "ids-distinct-stats-ids",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "1,200 distinct stats ids over three polls",
                        Connection.of(
                                text(getStats(0, 400, 2, "1")),
                                text(getStats(400, 400, 2, "2")),
                                text(getStats(800, 400, 2, "3"))),
                        List.of(closed(1000), features(FeaturesStatus.TRUNCATED, "stats-ids-over-budget"), dump(3))),
                new HostileCase(
                        "ids-stats-values",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "5 polls that each restate 400 reports of 10 values: more values than the budget",
                        Connection.of(fullPolls(5)),
                        List.of(closed(1000), features(FeaturesStatus.TRUNCATED, "stats-values-over-budget"), dump(5))),
                new HostileCase(
                        "ids-series-samples",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "6 polls of 4,000 values: more time-series samples than the budget",
                        Connection.of(tinyDeltas(6)),
                        List.of(
                                closed(1000),
                                features(FeaturesStatus.TRUNCATED, "series-samples-over-budget"),
                                dump(6))),
                new HostileCase(
                        "ids-wide-object",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "a getUserMedia constraints object with 50,000 keys",
                        Connection.of(text(wideObject(50_000))),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "ids-long-peer-connection",
                        HUGE_IDS_AND_KEY_COUNTS,
                        "a PeerConnection id of 2,000 characters, a key column of the feature tables",
                        Connection.of(text("[\"create\",\"" + "P".repeat(2000) + "\",{\"iceServers\":[]},1]")),
                        List.of(
                                closed(1000),
                                features(FeaturesStatus.OK, null),
                                dump(1),
                                dead(Stage.SINK_ROWS, "invalid-value"))),
                new HostileCase(
                        "uni-escaped-report-id",
                        INFLATING_UNICODE_AND_ESCAPES,
                        "a report id of 8,000 \\u0001 escapes on every sample of 10 polls",
                        Connection.of(escapedReportPolls()),
                        List.of(
                                closed(1000),
                                features(FeaturesStatus.OK, null),
                                dump(10),
                                dead(Stage.SINK_ROWS, "invalid-value"))),
                new HostileCase(
                        "uni-failure-strings",
                        INFLATING_UNICODE_AND_ESCAPES,
                        "three PeerConnections failing with 400 KB of escapes each: a feature record over the limit",
                        Connection.of(failure("PC_0"), failure("PC_1"), failure("PC_2")),
                        List.of(
                                closed(1000),
                                dead(Stage.ENRICHER, "derived-record-too-large"),
                                features(FeaturesStatus.FAILED, "features-record-too-large"),
                                dump(3))),
                new HostileCase(
                        "uni-lone-surrogates",
                        INFLATING_UNICODE_AND_ESCAPES,
                        "unpaired surrogates in feature strings and getStats names",
                        Connection.of(
                                text("[\"addIceCandidateOnFailure\",\"PC_\\ud800\",\"bad \\udc00\\ud800 x\",1]"),
                                text("[\"g\",\"PC_0\",{\"\\ud800\":{\"type\":\"outbound-rtp\",\"bytes\\udfff\":1},"
                                        + "\"t\":1},1]")),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(2), adjusted("invalid-utf8"))),
                new HostileCase(
                        "bin-invalid-utf8-text",
                        BINARY_AND_INVALID_UTF8,
                        "a text frame of invalid UTF-8 after a normal one",
                        Connection.of(text(GUM), Frame.textBytes(new byte[] {'[', '"', (byte) 0xC3, 0x28, '"', ']'})),
                        List.of(closed(1007), rejected("invalid-utf8"), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "bin-garbage-binary",
                        BINARY_AND_INVALID_UTF8,
                        "a binary frame of random bytes after a normal one",
                        Connection.of(text(GUM), Frame.binary(garbage(7))),
                        List.of(closed(1007), rejected("invalid-utf8"), dump(1))),
                new HostileCase(
                        "bin-utf8-garbage",
                        BINARY_AND_INVALID_UTF8,
                        "valid UTF-8 that is not JSON: NULs and control characters, binary and text",
                        Connection.of(
                                Frame.binary("\u0000\u0001\u0002garbage\u007f"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                                text("not json at all {\u0000"),
                                text(GUM)),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(3))));
    }

    static Outcome closed(int code) {
        return new Outcome.ClosedWith(code);
    }

    static Outcome features(FeaturesStatus status, String reason) {
        return new Outcome.Features(status, reason);
    }

    static Outcome dump(int frames) {
        return new Outcome.DumpStored(frames);
    }

    static Outcome dead(Stage stage, String reason) {
        return new Outcome.DeadLettered(stage, reason);
    }

    static Outcome rejected(String reason) {
        return new Outcome.GatewayRejected(reason);
    }

    static Outcome column(String column, String value) {
        return new Outcome.SessionColumn(column, value);
    }

    static Outcome adjusted(String check) {
        return new Outcome.ValuesAdjusted(check);
    }

    /** The classes the corpus covers; {@link HostileClientsIT} checks that none is missing. */
    static List<InputClass> classes() {
        return cases().stream().map(HostileCase::inputClass).distinct().toList();
    }
}
