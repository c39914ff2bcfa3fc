package dev.rtcstats.pipeline.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What one hostile client does, as data; {@link Attacker} carries it out against the running pipeline. */
sealed interface HostileInput {

    /** One WebSocket frame: text (any bytes, valid UTF-8 or not) or binary. */
    record Frame(boolean binary, byte[] payload) {
        public Frame {
            Objects.requireNonNull(payload, "payload");
        }

        static Frame text(String text) {
            return new Frame(false, text.getBytes(StandardCharsets.UTF_8));
        }

        static Frame textBytes(byte[] bytes) {
            return new Frame(false, bytes);
        }

        static Frame binary(byte[] bytes) {
            return new Frame(true, bytes);
        }

        @Override
        public String toString() {
            return (binary ? "binary" : "text") + "[" + payload.length + " bytes]";
        }
    }

    /**
     * An authorised WebSocket connection: the case's token (its {@code rtcStats} claims changed by
     * {@code claimOverrides}, with {@code extraClaims} at the top level), {@code frames}, then a close frame with
     * {@code closeCode} unless it is 0, then {@code afterClose}; the client then waits for the server's close. With
     * {@code afterOpen}, the frames are sent only once the gateway has published the connection's open.
     */
    record Connection(
            Map<String, Object> claimOverrides,
            Map<String, Object> extraClaims,
            List<Frame> frames,
            int closeCode,
            List<Frame> afterClose,
            boolean afterOpen)
            implements HostileInput {
        public Connection {
            claimOverrides = Map.copyOf(claimOverrides);
            extraClaims = Map.copyOf(extraClaims);
            frames = List.copyOf(frames);
            afterClose = List.copyOf(afterClose);
        }

        Connection(
                Map<String, Object> claimOverrides,
                Map<String, Object> extraClaims,
                List<Frame> frames,
                int closeCode,
                List<Frame> afterClose) {
            this(claimOverrides, extraClaims, frames, closeCode, afterClose, false);
        }

        /** The case's own token, these frames, then close 1000. */
        static Connection of(Frame... frames) {
            return new Connection(Map.of(), Map.of(), List.of(frames), 1000, List.of());
        }
    }

    /** {@code count} WebSocket upgrades without a token, held open without answering the server's close. */
    record PreAuthFlood(int count) implements HostileInput {}

    /** An unauthorised upgrade that then sends one frame of {@code frameBytes} while the gateway lingers. */
    record RefusedThenFrame(int frameBytes) implements HostileInput {}

    /** A request head sent one byte every 200 ms, never finished, beside {@code silent} connections that send nothing. */
    record SlowHandshake(int silent) implements HostileInput {}

    /** An upgrade whose request head (a URL with a token of {@code tokenBytes}) is larger than the gateway reads. */
    record OversizedHead(int tokenBytes) implements HostileInput {}

    /**
     * An HTTP dump upload with the case's token: {@code content} is the multipart part's content (any bytes), sent
     * with a Content-Length, or chunked when {@code chunked}.
     */
    record Upload(byte[] content, boolean chunked) implements HostileInput {
        public Upload {
            Objects.requireNonNull(content, "content");
        }

        static Upload of(String content) {
            return new Upload(content.getBytes(StandardCharsets.UTF_8), false);
        }

        static Upload chunked(String content) {
            return new Upload(content.getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /** An upload that announces {@code announcedBytes}, sends {@code body} and hangs up. */
    record TruncatedUpload(int announcedBytes, String body) implements HostileInput {}

    /**
     * Records written straight to the frames topic, as a buggy or replaying producer would, for one connection id of
     * the case's own: each is {@code open}, {@code frame <sequence> <text>} or {@code close}.
     */
    record Injected(List<String> events) implements HostileInput {
        public Injected {
            events = List.copyOf(events);
        }
    }
}
