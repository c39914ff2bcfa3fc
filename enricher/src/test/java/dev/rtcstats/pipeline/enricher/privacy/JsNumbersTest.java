package dev.rtcstats.pipeline.enricher.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsNumbersTest {

    @Test
    void shouldPrintNumbersAsJavaScriptDoes() {
        // Given
        List<String[]> vectors = Vectors.text("js-numbers.txt")
                .lines()
                .map(line -> line.split(" "))
                .toList();

        // When
        List<String> printed = vectors.stream()
                .map(v -> JsNumbers.toString(Double.longBitsToDouble(Long.parseUnsignedLong(v[0], 16))))
                .toList();

        // Then
        assertThat(printed)
                .containsExactlyElementsOf(vectors.stream().map(v -> v[1]).toList());
    }

    @Test
    void shouldParseIntegersAsParseIntDoes() {
        assertThat(JsNumbers.parseInt("  -12x")).isEqualTo(-12);
        assertThat(JsNumbers.parseInt("0x10")).isZero();
        assertThat(JsNumbers.parseInt("99999999999999999999999")).isEqualTo(1e23);
        assertThat(JsNumbers.parseInt("typ")).isNaN();
        assertThat(JsNumbers.parseInt("")).isNaN();
    }
}
