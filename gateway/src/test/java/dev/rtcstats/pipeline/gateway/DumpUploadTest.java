package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumpUploadTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static byte[] multipart(String content) {
        return ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dump\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--XyZ--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldParseMessagesWhenDumpIsValid() {
        // When
        DumpUpload result = DumpUpload.parse(TYPE, multipart("RTCStatsDump\n{\"fileFormat\":3}\n[39,null,{},1]\n"));

        // Then
        assertThat(result).isInstanceOfSatisfying(DumpUpload.Parsed.class, parsed -> {
            assertThat(parsed.metadataJson()).isEqualTo("{\"fileFormat\":3}");
            assertThat(parsed.messages())
                    .singleElement()
                    .satisfies(m ->
                            assertThat(new String(m, StandardCharsets.UTF_8)).isEqualTo("[39,null,{},1]"));
        });
    }

    @Test
    void shouldAnswerLikeTheReferenceWhenBodyIsInvalid() {
        assertThat(DumpUpload.parse("text/plain", "zzz".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new DumpUpload.Invalid("Bad Request: Content-Type must be multipart/form-data"));
        assertThat(DumpUpload.parse("multipart/form-data", multipart("x")))
                .isEqualTo(new DumpUpload.Invalid("Bad Request: boundary not found in Content-Type"));
        assertThat(DumpUpload.parse(TYPE, multipart("NOT AN RTCSTATS FILE")))
                .isEqualTo(new DumpUpload.Invalid("Bad Request: Unsupported file format"));
        assertThat(DumpUpload.parse(TYPE, multipart("RTCStatsDump\nzzz\n")))
                .isEqualTo(new DumpUpload.Invalid("Bad Request: Unsupported file format"));
        assertThat(DumpUpload.parse(TYPE, multipart("RTCStatsDump\n{aaa}\n"))).isInstanceOf(DumpUpload.Invalid.class);
    }

    @Test
    void shouldBeEmptyWhenDumpHasNoMessages() {
        assertThat(DumpUpload.parse(TYPE, multipart("RTCStatsDump\n{\"fileFormat\":3}\n")))
                .isEqualTo(new DumpUpload.Empty());
    }
}
