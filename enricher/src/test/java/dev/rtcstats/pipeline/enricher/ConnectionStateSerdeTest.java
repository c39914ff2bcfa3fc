package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.WireFormatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConnectionStateSerdeTest {

    @Test
    void shouldReadBackEveryFieldWhenTagsAreMissing() {
        // Given
        ConnectionState state = new ConnectionState(
                "{\"userAgent\":\"Käse ☕\"}", new Tags("u", null, "s", null, "gw"), 1, 2, 3, 4, 5, 6, 7, 8);

        // When
        ConnectionState read = ConnectionStateSerde.read(ConnectionStateSerde.write(state));

        // Then
        assertThat(read).isEqualTo(state);
    }

    @Test
    void shouldReadNoDroppedFramesWhenStateWasWrittenInFormatOne() {
        // Given
        ConnectionState state = new ConnectionState("{}", Tags.NONE, 1, 2, 3, 4, 5, 6, 7, 0);
        byte[] current = ConnectionStateSerde.write(state);
        byte[] formatOne = Arrays.copyOf(current, current.length - Long.BYTES);
        formatOne[0] = 1;

        // When
        ConnectionState read = ConnectionStateSerde.read(formatOne);

        // Then
        assertThat(read).isEqualTo(state);
    }

    @Test
    void shouldFailWithWireFormatErrorWhenStateIsTruncated() {
        // Given
        byte[] bytes = ConnectionStateSerde.write(ConnectionState.opened("{}", Tags.NONE, 1, 2));

        // When / Then
        assertThatThrownBy(() -> ConnectionStateSerde.read(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(WireFormatException.class);
    }
}
