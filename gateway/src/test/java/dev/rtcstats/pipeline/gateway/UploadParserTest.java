package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadParserTest {
    private static final String BOUNDARY = "XyZ";
    private static final long LATER = System.nanoTime() + 60_000_000_000L;

    @TempDir
    Path spoolDirectory;

    private final List<String> deadLetters = new ArrayList<>();

    private static String multipart(String content) {
        return "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dump\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--XyZ--\r\n";
    }

    /** A body served a few bytes per read, so that lines cross chunk boundaries. */
    private static UploadBody body(byte[] bytes, long maxBytes, long deadline) {
        int[] position = {0};
        return new UploadBody(
                (into, timeout) -> {
                    if (position[0] == bytes.length) {
                        return -1;
                    }
                    int count = Math.min(Math.min(7, into.remaining()), bytes.length - position[0]);
                    into.put(bytes, position[0], count);
                    position[0] += count;
                    return count;
                },
                maxBytes,
                deadline);
    }

    private UploadParser.Result parse(Limits limits, String body, UploadSpool spool) throws IOException {
        UploadParser.Evidence evidence = (reason, value, sequence) ->
                deadLetters.add(reason.token() + "#" + sequence + ":" + new String(value, StandardCharsets.UTF_8));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new UploadParser(limits, BOUNDARY, body(bytes, 1 << 20, LATER), spool, evidence).parse();
    }

    private static List<String> spooled(UploadSpool spool) throws IOException {
        List<String> messages = new ArrayList<>();
        try (UploadSpool.Reader reader = spool.read()) {
            while (reader.next()) {
                messages.add((reader.malformed() ? "!" : "") + new String(reader.bytes(), StandardCharsets.UTF_8));
            }
        }
        return messages;
    }

    @Test
    void shouldSpoolEveryMessageAndKeepClientMetadataWhenDumpIsValid() throws Exception {
        try (UploadSpool spool = new UploadSpool(spoolDirectory)) {
            // When
            UploadParser.Result result = parse(
                    Limits.DEFAULTS,
                    multipart("RTCStatsDump\n{\"fileFormat\":3}\n[39,null,{},1]\n\n[66,null,[],2]\nnot json"),
                    spool);

            // Then
            assertThat(result)
                    .isInstanceOfSatisfying(
                            UploadParser.Result.Spooled.class,
                            spooled -> assertThat(spooled.clientMetadata().toString())
                                    .isEqualTo("{\"fileFormat\":3}"));
            assertThat(spooled(spool)).containsExactly("[39,null,{},1]", "[66,null,[],2]", "!not json");
            assertThat(deadLetters).isEmpty();
        }
    }

    @Test
    void shouldRefuseAndDeadLetterWhenMetadataIsNotAnObject() throws Exception {
        try (UploadSpool spool = new UploadSpool(spoolDirectory)) {
            assertThat(parse(Limits.DEFAULTS, multipart("RTCStatsDump\n[1,2]\n[1]\n"), spool))
                    .isEqualTo(new UploadParser.Result.Refused(
                            400, "Bad Request: Unsupported file format", RejectReason.UPLOAD_INVALID));
            assertThat(parse(Limits.DEFAULTS, multipart("NOT AN RTCSTATS FILE\n"), spool))
                    .isInstanceOf(UploadParser.Result.Refused.class);
            assertThat(parse(Limits.DEFAULTS, multipart("RTCStatsDump\n{aaa}\n[1]\n"), spool))
                    .isInstanceOf(UploadParser.Result.Refused.class);
            assertThat(deadLetters)
                    .containsExactly(
                            "upload-bad-metadata#0:[1,2]",
                            "upload-bad-metadata#0:NOT AN RTCSTATS FILE",
                            "upload-bad-metadata#0:{aaa}");
        }
    }

    @Test
    void shouldRefuseWith413WhenAMessageIsLargerThanTheFrameLimit() throws Exception {
        // Given
        Limits limits = new Limits(1024, 200, 2000, 1_000_000, 10, 10, 256, 1 << 20, NonJsonFrames.TAG);
        String huge = "[\"" + "x".repeat(2000) + "\"]";

        try (UploadSpool spool = new UploadSpool(spoolDirectory)) {
            // When
            UploadParser.Result result = parse(limits, multipart("RTCStatsDump\n{}\n[1]\n" + huge + "\n"), spool);

            // Then
            assertThat(result).isInstanceOfSatisfying(UploadParser.Result.Refused.class, refused -> {
                assertThat(refused.status()).isEqualTo(413);
                assertThat(refused.reason()).isEqualTo(RejectReason.UPLOAD_TOO_BIG);
            });
            assertThat(deadLetters).singleElement().asString().startsWith("upload-frame-too-big#2:[\"xxx");
        }
    }

    @Test
    void shouldRefuseWith413WhenThereAreMoreMessagesThanAConnectionMaySend() throws Exception {
        Limits limits = new Limits(1024, 200, 2000, 2, 10, 10, 256, 1 << 20, NonJsonFrames.TAG);
        try (UploadSpool spool = new UploadSpool(spoolDirectory)) {
            UploadParser.Result result = parse(limits, multipart("RTCStatsDump\n{}\n[1]\n[2]\n[3]\n"), spool);

            assertThat(result).extracting("status").isEqualTo(413);
            assertThat(deadLetters).containsExactly("upload-too-many-frames#3:[3]");
        }
    }

    @Test
    void shouldApplyTheNonJsonPolicyWhenDropOrReject() throws Exception {
        Limits drop = new Limits(1024, 200, 2000, 100, 10, 10, 256, 1 << 20, NonJsonFrames.DROP);
        Limits reject = new Limits(1024, 200, 2000, 100, 10, 10, 256, 1 << 20, NonJsonFrames.REJECT);
        String dump = multipart("RTCStatsDump\n{}\n[1]\n{\"x\":1}\n[2]\n");
        try (UploadSpool dropped = new UploadSpool(spoolDirectory);
                UploadSpool rejected = new UploadSpool(spoolDirectory)) {
            assertThat(parse(drop, dump, dropped)).isInstanceOf(UploadParser.Result.Spooled.class);
            assertThat(spooled(dropped)).containsExactly("[1]", "[2]");
            assertThat(parse(reject, dump, rejected)).extracting("status").isEqualTo(400);
            assertThat(deadLetters).containsExactly("not-json-array#2:{\"x\":1}", "not-json-array#2:{\"x\":1}");
        }
    }

    @Test
    void shouldRefuseWhenBodyIsTooLargeTruncatedOrLate() throws Exception {
        byte[] dump = multipart("RTCStatsDump\n{}\n[1]\n[2]\n").getBytes(StandardCharsets.UTF_8);
        try (UploadSpool spool = new UploadSpool(spoolDirectory)) {
            UploadParser.Evidence evidence =
                    (reason, value, sequence) -> deadLetters.add(reason.token() + "#" + sequence);
            UploadParser.Result tooLarge =
                    new UploadParser(Limits.DEFAULTS, BOUNDARY, body(dump, 50, LATER), spool, evidence).parse();
            UploadParser.Result truncated = new UploadParser(
                            Limits.DEFAULTS,
                            BOUNDARY,
                            body(java.util.Arrays.copyOf(dump, dump.length - 12), 1 << 20, LATER),
                            spool,
                            evidence)
                    .parse();
            UploadParser.Result late = new UploadParser(
                            Limits.DEFAULTS,
                            BOUNDARY,
                            new UploadBody(
                                    (ByteBuffer into, long timeout) -> 0, 1 << 20, System.nanoTime() + 1_000_000),
                            spool,
                            evidence)
                    .parse();

            assertThat(tooLarge).extracting("status").isEqualTo(413);
            assertThat(truncated).extracting("status").isEqualTo(400);
            assertThat(late).extracting("status").isEqualTo(408);
            assertThat(deadLetters).containsExactly("upload-too-big#0", "upload-incomplete#0", "upload-incomplete#0");
        }
    }

    @Test
    void shouldBeEmptyWhenDumpHasNoMessages() throws Exception {
        try (UploadSpool spool = new UploadSpool(spoolDirectory)) {
            assertThat(parse(Limits.DEFAULTS, multipart("RTCStatsDump\n{\"fileFormat\":3}\n"), spool))
                    .isEqualTo(new UploadParser.Result.Empty());
        }
    }
}
