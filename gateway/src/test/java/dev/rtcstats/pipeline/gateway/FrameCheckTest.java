package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCheckTest {

    private static boolean check(String frame) {
        return FrameCheck.isJsonArray(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptArraysWhenSurroundedByJsonWhitespace() {
        assertThat(check("[\"getstats\",\"PC_0\",{},1]")).isTrue();
        assertThat(check(" \t[1]\r\n")).isTrue();
        assertThat(check("[]")).isTrue();
    }

    @Test
    void shouldRefuseWhenFrameIsNotShapedLikeOneArray() {
        assertThat(check("not json")).isFalse();
        assertThat(check("{\"a\":1}")).isFalse();
        assertThat(check("[")).isFalse();
        assertThat(check("]")).isFalse();
        assertThat(check("")).isFalse();
        assertThat(check("   ")).isFalse();
        assertThat(check("[1] x")).isFalse();
    }

    @Test
    void shouldLookOnlyAtTheEndsWhenTheMiddleIsInvalid() {
        // The documented trade-off: the shape check never scans the middle of a frame.
        assertThat(check("[1,,}]")).isTrue();
    }
}
