package dev.rtcstats.pipeline.e2e;

import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.AFTER_CLOSE_DUPLICATED_OUT_OF_ORDER;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.BAD_UPLOADS;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.OVERSIZED_TOKEN_CLAIMS;
import static dev.rtcstats.pipeline.e2e.HostileCase.InputClass.PREAUTH_FLOODS_AND_SLOW_HANDSHAKES;
import static dev.rtcstats.pipeline.e2e.HostileCorpus.GUM;
import static dev.rtcstats.pipeline.e2e.HostileCorpus.closed;
import static dev.rtcstats.pipeline.e2e.HostileCorpus.dead;
import static dev.rtcstats.pipeline.e2e.HostileCorpus.dump;
import static dev.rtcstats.pipeline.e2e.HostileCorpus.features;
import static dev.rtcstats.pipeline.e2e.HostileCorpus.rejected;
import static dev.rtcstats.pipeline.e2e.HostileFrames.repeat;
import static dev.rtcstats.pipeline.e2e.HostileFrames.text;

import dev.rtcstats.pipeline.common.DeadLetter.Stage;
import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.e2e.HostileInput.Connection;
import dev.rtcstats.pipeline.e2e.HostileInput.Injected;
import dev.rtcstats.pipeline.e2e.HostileInput.OversizedHead;
import dev.rtcstats.pipeline.e2e.HostileInput.PreAuthFlood;
import dev.rtcstats.pipeline.e2e.HostileInput.RefusedThenFrame;
import dev.rtcstats.pipeline.e2e.HostileInput.SlowHandshake;
import dev.rtcstats.pipeline.e2e.HostileInput.TruncatedUpload;
import dev.rtcstats.pipeline.e2e.HostileInput.Upload;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the hostile corpus that misuses connections rather than frames: sequences, tokens, floods, slow
 * clients and uploads. Sequence disorder cannot come through a gateway, which numbers frames itself, so those cases
 * write to the frames topic as a duplicating producer or a replay would.
 */
final class HostileConnections {
    private static final Outcome NOTHING = new Outcome.NothingPublished();

    private HostileConnections() {}

    static List<HostileCase> cases() {
        return List.of(
                new HostileCase(
                        "seq-after-close-socket",
                        AFTER_CLOSE_DUPLICATED_OUT_OF_ORDER,
                        "frames sent after the client's own close frame",
                        new Connection(
                                Map.of(), Map.of(), List.of(text(GUM)), 1000, List.of(text("[\"late\"]"), text("[2]"))),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "seq-duplicates-reordered",
                        AFTER_CLOSE_DUPLICATED_OUT_OF_ORDER,
                        "a repeated open and repeated, out-of-order sequences on the frames topic",
                        new Injected(List.of(
                                "open", "open", frame(1), frame(2), frame(2), frame(1), frame(3), frame(5), frame(4),
                                frame(6), "close")),
                        List.of(
                                dead(Stage.ENRICHER, "duplicate-sequence"),
                                features(FeaturesStatus.OK, null),
                                dump(5))),
                new HostileCase(
                        "seq-frames-after-close",
                        AFTER_CLOSE_DUPLICATED_OUT_OF_ORDER,
                        "frames on the frames topic after the connection's close",
                        new Injected(List.of("open", frame(1), "close", frame(2), frame(3))),
                        List.of(
                                dead(Stage.ENRICHER, "connection-not-open"),
                                features(FeaturesStatus.OK, null),
                                dump(1))),
                new HostileCase(
                        "seq-no-open",
                        AFTER_CLOSE_DUPLICATED_OUT_OF_ORDER,
                        "frames and a close for a connection that never opened",
                        new Injected(List.of(frame(1), frame(2), "close")),
                        List.of(dead(Stage.ENRICHER, "connection-not-open"), new Outcome.NoSessionRow())),
                new HostileCase(
                        "token-claim-5000",
                        OVERSIZED_TOKEN_CLAIMS,
                        "a validly signed token whose user claim has 5,000 characters",
                        new Connection(Map.of("user", "u".repeat(5000)), Map.of(), List.of(text(GUM)), 1000, List.of()),
                        List.of(closed(1008), rejected("unauthorized"), NOTHING)),
                new HostileCase(
                        "token-multibyte-claim",
                        OVERSIZED_TOKEN_CLAIMS,
                        "a user claim of 1,000 three-byte characters: under 1,024 characters, 3,000 bytes",
                        new Connection(Map.of("user", "€".repeat(1000)), Map.of(), List.of(text(GUM)), 1000, List.of()),
                        List.of(closed(1008), rejected("unauthorized"), NOTHING)),
                new HostileCase(
                        "token-head-80k",
                        OVERSIZED_TOKEN_CLAIMS,
                        "a token of 80,000 bytes: a request head over GATEWAY_MAX_HEADER_BYTES",
                        new OversizedHead(80_000),
                        List.of(new Outcome.UpgradeRefused(), NOTHING)),
                new HostileCase(
                        "token-extra-claims",
                        OVERSIZED_TOKEN_CLAIMS,
                        "2,000 extra claims and a nested object in the token (40 KB); frames sent once the open "
                                + "is published, as a frame sent during a slow verification may stay unread",
                        new Connection(
                                Map.of("extra", Map.of("a", List.of(1, 2, Map.of("b", "c")))),
                                manyClaims(2000),
                                List.of(text(GUM)),
                                1000,
                                List.of(),
                                true),
                        List.of(closed(1000), features(FeaturesStatus.OK, null), dump(1))),
                new HostileCase(
                        "flood-preauth",
                        PREAUTH_FLOODS_AND_SLOW_HANDSHAKES,
                        "200 upgrades without a token that never answer the close frame",
                        new PreAuthFlood(200),
                        List.of(rejected("preauth-capacity"), rejected("unauthorized"), NOTHING)),
                new HostileCase(
                        "flood-slow-handshake",
                        PREAUTH_FLOODS_AND_SLOW_HANDSHAKES,
                        "a request head dripped a byte every 200 ms beside 50 silent connections",
                        new SlowHandshake(50),
                        List.of(closed(-1), NOTHING)),
                new HostileCase(
                        "flood-refused-then-frame",
                        PREAUTH_FLOODS_AND_SLOW_HANDSHAKES,
                        "an unauthorised socket that sends 900 KB while the gateway lingers",
                        new RefusedThenFrame(900_000),
                        List.of(closed(1008), rejected("unauthorized"), NOTHING)),
                new HostileCase(
                        "flood-frame-rate",
                        PREAUTH_FLOODS_AND_SLOW_HANDSHAKES,
                        "2,100 frames at once, over the frame burst of 1,500 (and the enricher's frame budget)",
                        new Connection(Map.of(), Map.of(), List.of(repeat(text(GUM), 2100)), 0, List.of()),
                        List.of(
                                closed(1008),
                                rejected("frame-rate"),
                                dead(Stage.GATEWAY, "frame-rate"),
                                dead(Stage.ENRICHER, "connection-over-budget"),
                                HostileCorpus.column("close_code", "1008"),
                                features(FeaturesStatus.TRUNCATED, "connection-over-budget"),
                                dump(1000))),
                new HostileCase(
                        "flood-idle",
                        PREAUTH_FLOODS_AND_SLOW_HANDSHAKES,
                        "an authorised socket that never sends a frame",
                        new Connection(Map.of(), Map.of(), List.of(), 0, List.of()),
                        List.of(closed(1001), rejected("idle-timeout"), HostileCorpus.column("close_code", "1001"))),
                new HostileCase(
                        "upload-bad-metadata",
                        BAD_UPLOADS,
                        "an upload whose metadata line is not JSON",
                        Upload.of("RTCStatsDump\nnot metadata\n[1]\n"),
                        List.of(statuses(400), dead(Stage.GATEWAY, "upload-bad-metadata"), NOTHING)),
                new HostileCase(
                        "upload-streamed-too-big",
                        BAD_UPLOADS,
                        "a chunked upload that grows past GATEWAY_MAX_UPLOAD_BYTES",
                        Upload.chunked("RTCStatsDump\n{}\n" + ("[\"" + "y".repeat(900_000) + "\"]\n").repeat(4)),
                        List.of(rejected("upload-too-big"), dead(Stage.GATEWAY, "upload-too-big"), NOTHING)),
                new HostileCase(
                        "upload-truncated",
                        BAD_UPLOADS,
                        "an upload that announces 100,000 bytes, sends a few lines and hangs up",
                        new TruncatedUpload(100_000, "RTCStatsDump\n{}\n[1]\n[2]\n"),
                        List.of(dead(Stage.GATEWAY, "upload-incomplete"), NOTHING)),
                new HostileCase(
                        "upload-spoofed-metadata",
                        BAD_UPLOADS,
                        "an upload whose metadata line claims another address, start time, origin and agent",
                        Upload.of("RTCStatsDump\n{\"remoteAddresses\":[\"198.51.100.77\"],\"startTime\":1,"
                                + "\"origin\":\"https://evil.example\",\"userAgent\":\"evil-agent\","
                                + "\"clientProtocol\":\"rtcstats#5.0\"}\n" + GUM + "\n" + GUM + "\n"),
                        List.of(
                                statuses(200),
                                features(FeaturesStatus.OK, null),
                                dump(2),
                                new Outcome.DumpLacks("198.51.100"),
                                new Outcome.DumpLacks("evil"))));
    }

    private static String frame(int sequence) {
        return "frame " + sequence + " [\"getUserMedia\",null,{\"n\":" + sequence + "},1]";
    }

    private static Outcome statuses(Integer... statuses) {
        return new Outcome.HttpStatuses(List.of(statuses));
    }

    private static Map<String, Object> manyClaims(int count) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < count; i++) {
            claims.put("claim" + i, "value-" + i);
        }
        return claims;
    }
}
