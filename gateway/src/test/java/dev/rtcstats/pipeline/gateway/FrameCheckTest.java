package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCheckTest {

    private static FrameCheck.Verdict check(String frame) {
        return FrameCheck.check(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptOneArrayWhenFrameIsRtcStatsMessage() {
        assertThat(check("[\"g\",\"PC_0\",{\"a\":[1,2]},12]")).isEqualTo(FrameCheck.Verdict.ARRAY);
    }

    @Test
    void shouldRefuseWhenFrameIsNotExactlyOneArray() {
        assertThat(check("{\"a\":1}")).isEqualTo(FrameCheck.Verdict.NOT_JSON_ARRAY);
        assertThat(check("[1,2")).isEqualTo(FrameCheck.Verdict.NOT_JSON_ARRAY);
        assertThat(check("[1][2]")).isEqualTo(FrameCheck.Verdict.NOT_JSON_ARRAY);
        assertThat(check("hello")).isEqualTo(FrameCheck.Verdict.NOT_JSON_ARRAY);
        assertThat(check("")).isEqualTo(FrameCheck.Verdict.NOT_JSON_ARRAY);
    }
}
