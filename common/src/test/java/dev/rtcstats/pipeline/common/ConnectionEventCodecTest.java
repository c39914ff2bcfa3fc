package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ConnectionEventCodecTest {
    private static final Tags TAGS = new Tags("alice", "room-42", "s-1", null, "gw-1");

    @Test
    void shouldRoundTripEveryKind() {
        // Given
        var opened = new ConnectionEvent.Opened("c1", TAGS, 10, "{\"url\":\"/\",\"fileFormat\":3}");
        var frame =
                new ConnectionEvent.FrameReceived("c1", TAGS, 11, 1, "[39,null,{},1]".getBytes(StandardCharsets.UTF_8));
        var closed = new ConnectionEvent.Closed("c1", TAGS, 12, 1001, 1, 11);

        // When
        var decoded = java.util.stream.Stream.of(opened, frame, closed)
                .map(e -> ConnectionEventCodec.decode(
                        ConnectionEventCodec.key(e), ConnectionEventCodec.headers(e), ConnectionEventCodec.value(e)))
                .toList();

        // Then
        assertThat(decoded.get(0)).isEqualTo(opened);
        assertThat(decoded.get(1)).isInstanceOfSatisfying(ConnectionEvent.FrameReceived.class, f -> {
            assertThat(f.sequence()).isEqualTo(1);
            assertThat(f.text()).isEqualTo("[39,null,{},1]");
            assertThat(f.tags()).as("frames carry no tags").isEqualTo(Tags.NONE);
        });
        assertThat(decoded.get(2)).isEqualTo(closed);
    }

    @Test
    void shouldCarryRawRemoteAddressesOnTheOpenOnly() {
        // Given
        var opened = new ConnectionEvent.Opened(
                "c1", TAGS, 10, "{\"remoteAddresses\":[\"203.0.113.x\"]}", List.of("203.0.113.7", " 10.0.0.1"));

        // When
        var headers = ConnectionEventCodec.headers(opened);
        var decoded = ConnectionEventCodec.decode(
                ConnectionEventCodec.key(opened), headers, ConnectionEventCodec.value(opened));

        // Then
        assertThat(decoded).isEqualTo(opened);
        assertThat(new String(headers.lastHeader("rtcstats-remote-addresses").value(), StandardCharsets.UTF_8))
                .isEqualTo("[\"203.0.113.7\",\" 10.0.0.1\"]");
    }

    @Test
    void shouldRejectRecordOfUnknownFormat() {
        // Given
        var headers = new RecordHeaders();
        headers.add("rtcstats-format", "9".getBytes(StandardCharsets.UTF_8));

        // When / Then
        assertThatThrownBy(() -> ConnectionEventCodec.decode("c1".getBytes(StandardCharsets.UTF_8), headers, null))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unsupported frames record format 9");
    }

    @Test
    void shouldWriteFourHeadersOnAFrameAndStillReadTagsFromOlderFrames() {
        // Given
        var frame = new ConnectionEvent.FrameReceived(
                "c1", TAGS, 1795889429357L, 42, "[1]".getBytes(StandardCharsets.UTF_8));
        var older = new RecordHeaders();
        for (var header : ConnectionEventCodec.headers(frame)) {
            older.add(header);
        }
        older.add("rtcstats-user", "alice".getBytes(StandardCharsets.UTF_8));
        older.add("rtcstats-conference", "room-42".getBytes(StandardCharsets.UTF_8));

        // When
        var headers = ConnectionEventCodec.headers(frame);
        var decodedOlder = ConnectionEventCodec.decode(ConnectionEventCodec.key(frame), older, frame.payload());

        // Then
        assertThat(headers.toArray())
                .extracting(org.apache.kafka.common.header.Header::key)
                .containsExactly("rtcstats-format", "rtcstats-kind", "rtcstats-ts", "rtcstats-seq");
        assertThat(new String(headers.lastHeader("rtcstats-ts").value(), StandardCharsets.US_ASCII))
                .isEqualTo("1795889429357");
        assertThat(new String(headers.lastHeader("rtcstats-seq").value(), StandardCharsets.US_ASCII))
                .isEqualTo("42");
        assertThat(decodedOlder.tags()).isEqualTo(new Tags("alice", "room-42", null, null, null));
    }

    @Test
    void shouldWriteNumbersAsDecimalDigitsWhenZeroLargeOrNegative() {
        assertThat(new String(ConnectionEventCodec.decimal(0), StandardCharsets.US_ASCII))
                .isEqualTo("0");
        assertThat(new String(ConnectionEventCodec.decimal(Long.MAX_VALUE), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(new String(ConnectionEventCodec.decimal(-7), StandardCharsets.US_ASCII))
                .isEqualTo("-7");
    }
}
