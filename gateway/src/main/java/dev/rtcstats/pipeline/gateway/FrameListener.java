package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.CloseCodes;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketMessages;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.Pooled;

/**
 * Feeds whole frames of one connection to its {@link ConnectionSession} as the bytes the client sent, copied once
 * out of Undertow's buffers. Text frames are read as bytes, so the UTF-8 check of the WebSocket layer (which sends
 * 1007) is the only pass over them; binary frames, which the reference stores as text too, are checked here. Undertow
 * enforces the size limit (it sends 1009); this listener records which code ended the session.
 */
final class FrameListener extends AbstractReceiveListener {
    /** Long enough for the protocol layer's close frame to leave before the socket is cut. */
    private static final long FLUSH_CLOSE_MILLIS = 500;
    /** RFC 6455 caps control frames at 125 bytes. */
    private static final long MAX_CONTROL_FRAME_BYTES = 125;

    private final ConnectionSession session;
    private final int maxFrameBytes;
    private final WebSocketCallback<BufferedBinaryMessage> textFrames = new WholeFrame(true);
    private final WebSocketCallback<BufferedBinaryMessage> binaryFrames = new WholeFrame(false);

    FrameListener(ConnectionSession session, int maxFrameBytes) {
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel frame) {
        new BufferedBinaryMessage(maxFrameBytes, true).read(frame, textFrames);
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel frame) {
        new BufferedBinaryMessage(maxFrameBytes, true).read(frame, binaryFrames);
    }

    @Override
    protected long getMaxPingBufferSize() {
        return MAX_CONTROL_FRAME_BYTES;
    }

    @Override
    protected long getMaxPongBufferSize() {
        return MAX_CONTROL_FRAME_BYTES;
    }

    @Override
    protected long getMaxCloseBufferSize() {
        return MAX_CONTROL_FRAME_BYTES;
    }

    /**
     * Undertow would echo the peer's close at once; the session answers it only when Kafka has acknowledged every
     * frame before it, so that a client told 1000 has had every frame stored.
     */
    @Override
    @SuppressWarnings("deprecation") // BufferedBinaryMessage still hands out xnio's deprecated Pooled.
    protected void onFullCloseMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        Pooled<ByteBuffer[]> data = message.getData();
        try {
            session.onPeerClose(new CloseMessage(data.getResource()).getCode());
        } finally {
            data.free();
        }
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        if (error instanceof UnsupportedEncodingException) {
            session.onProtocolError(RejectReason.INVALID_UTF8, CloseCodes.INVALID_PAYLOAD);
        } else if (WebSocketMessages.MESSAGES.messageToBig(maxFrameBytes).equals(error.getMessage())) {
            session.onProtocolError(RejectReason.FRAME_TOO_BIG, CloseCodes.MESSAGE_TOO_BIG);
        } else {
            session.onTransportError();
        }
        channel.suspendReceives();
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), FLUSH_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The bytes of the buffers, in one array of exactly their length. */
    static byte[] copy(ByteBuffer[] buffers) {
        int length = 0;
        for (ByteBuffer buffer : buffers) {
            length += buffer.remaining();
        }
        byte[] bytes = new byte[length];
        int position = 0;
        for (ByteBuffer buffer : buffers) {
            int remaining = buffer.remaining();
            buffer.get(bytes, position, remaining);
            position += remaining;
        }
        return bytes;
    }

    /** Hands a completely read frame to the session. */
    private final class WholeFrame implements WebSocketCallback<BufferedBinaryMessage> {
        private final boolean text;

        WholeFrame(boolean text) {
            this.text = text;
        }

        @Override
        @SuppressWarnings("deprecation") // BufferedBinaryMessage still hands out xnio's deprecated Pooled.
        public void complete(WebSocketChannel channel, BufferedBinaryMessage message) {
            byte[] bytes;
            Pooled<ByteBuffer[]> data = message.getData();
            try {
                bytes = copy(data.getResource());
            } finally {
                data.free();
            }
            if (text || Utf8.isValid(bytes, 0, bytes.length)) {
                session.onFrame(bytes);
            } else {
                session.closeFor(RejectReason.INVALID_UTF8, CloseCodes.INVALID_PAYLOAD, "binary frame is not UTF-8");
            }
        }

        @Override
        @SuppressWarnings("deprecation")
        public void onError(WebSocketChannel channel, BufferedBinaryMessage message, Throwable error) {
            message.getData().free();
            FrameListener.this.onError(channel, error);
        }
    }
}
