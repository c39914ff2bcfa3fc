package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static boolean valid(byte... bytes) {
        return Utf8.isValid(bytes, 0, bytes.length);
    }

    @Test
    void shouldAcceptWellFormedTextWhenItHasEveryEncodedLength() {
        byte[] text = "a é € 𝄞".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(text, 0, text.length)).isTrue();
        assertThat(valid()).isTrue();
    }

    @Test
    void shouldRefuseWhenBytesAreNotUtf8() {
        assertThat(valid((byte) 0xC3, (byte) 0x28)).as("bad continuation").isFalse();
        assertThat(valid((byte) 0xC3)).as("truncated").isFalse();
        assertThat(valid((byte) 0xE2, (byte) 0x82)).as("truncated three-byte").isFalse();
        assertThat(valid((byte) 0xC0, (byte) 0xAF)).as("overlong").isFalse();
        assertThat(valid((byte) 0xE0, (byte) 0x80, (byte) 0xAF))
                .as("overlong three-byte")
                .isFalse();
        assertThat(valid((byte) 0xED, (byte) 0xA0, (byte) 0x80)).as("surrogate").isFalse();
        assertThat(valid((byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80))
                .as("above U+10FFFF")
                .isFalse();
        assertThat(valid((byte) 0xFF)).as("never valid").isFalse();
        assertThat(valid((byte) 0x80)).as("lone continuation").isFalse();
    }

    @Test
    void shouldCheckOnlyTheGivenRangeWhenOffsetAndLengthAreSet() {
        byte[] bytes = {(byte) 0xFF, 'o', 'k', (byte) 0xFF};
        assertThat(Utf8.isValid(bytes, 1, 2)).isTrue();
    }
}
