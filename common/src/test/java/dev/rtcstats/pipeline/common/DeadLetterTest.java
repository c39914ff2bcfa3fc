package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private enum TestReason implements DeadLetter.Reason {
        RECORD_TOO_LARGE;

        @Override
        public String token() {
            return "record-too-large";
        }
    }

    @Test
    void shouldReadBackWhatItWroteAndKeepTheOriginalHeaders() {
        // Given
        RecordHeaders original = new RecordHeaders();
        original.add("rtcstats-kind", "frame".getBytes(StandardCharsets.UTF_8));
        DeadLetter letter = DeadLetter.of(
                DeadLetter.Stage.ENRICHER,
                TestReason.RECORD_TOO_LARGE,
                new IllegalStateException("too big"),
                Topics.FRAMES,
                3,
                42L,
                "c-1");

        // When
        Headers headers = letter.headers(original, 123);

        // Then
        assertThat(DeadLetter.fromHeaders(headers)).isEqualTo(letter);
        assertThat(headers.lastHeader("rtcstats-kind").value()).asString().isEqualTo("frame");
        assertThat(headers.lastHeader("rtcstats-dl-value-bytes").value())
                .asString()
                .isEqualTo("123");
        assertThat(letter.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(original.toArray()).hasSize(1);
    }

    @Test
    void shouldReplaceTheHeadersOfAnEarlierDeadLetter() {
        // Given
        DeadLetter first =
                DeadLetter.of(DeadLetter.Stage.SINK_ROWS, TestReason.RECORD_TOO_LARGE, null, Topics.STATS, 0, 1L, null);
        DeadLetter second =
                new DeadLetter(DeadLetter.Stage.SINK_BLOBS, "s3-rejected", null, null, Topics.DUMPS, 1, 2L, "c-2");

        // When
        Headers headers = second.headers(first.headers(new RecordHeaders(), 0), 0);

        // Then
        assertThat(headers.headers("rtcstats-dl-stage")).hasSize(1);
        assertThat(DeadLetter.fromHeaders(headers)).isEqualTo(second);
    }

    @Test
    void shouldCutLongMessagesAndLargeValues() {
        // Given
        String message = "x".repeat(5_000);
        byte[] value = new byte[DeadLetter.MAX_VALUE_BYTES + 10];

        // When
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.GATEWAY, "upload", "E", message, "http", -1, -1L, null);

        // Then
        assertThat(letter.exceptionMessage()).hasSize(1_000);
        assertThat(DeadLetter.boundedValue(value)).hasSize(DeadLetter.MAX_VALUE_BYTES);
        assertThat(DeadLetter.boundedValue(new byte[3])).hasSize(3);
    }

    @Test
    void shouldRefuseReasonsThatAreNotTokens() {
        assertThatThrownBy(() -> new DeadLetter(DeadLetter.Stage.GATEWAY, "Bad Reason", null, null, "t", 0, 0L, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad Reason");
    }

    @Test
    void shouldRefuseRecordsWithoutDeadLetterHeaders() {
        assertThatThrownBy(() -> DeadLetter.fromHeaders(new RecordHeaders()))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("not a dead letter");
    }
}
