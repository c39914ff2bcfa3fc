package dev.rtcstats.pipeline.gateway;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketMessages;
import io.undertow.websockets.core.WebSockets;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.Pooled;

/**
 * Feeds whole frames of one connection to its {@link ConnectionSession}. Undertow enforces the size limit (it sends
 * 1009) and UTF-8 validity of text frames (it sends 1007); this listener records which code ended the session.
 */
final class FrameListener extends AbstractReceiveListener {
    /** Long enough for the protocol layer's close frame to leave before the socket is cut. */
    private static final long FLUSH_CLOSE_MILLIS = 500;

    private final ConnectionSession session;
    private final int maxFrameBytes;

    FrameListener(ConnectionSession session, int maxFrameBytes) {
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected long getMaxTextBufferSize() {
        return maxFrameBytes;
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return maxFrameBytes;
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        session.onFrame(message.getData().getBytes(StandardCharsets.UTF_8));
    }

    /** The reference writes binary frames as text too, so they are published as they are. */
    @Override
    @SuppressWarnings("deprecation") // BufferedBinaryMessage still hands out xnio's deprecated Pooled.
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        Pooled<ByteBuffer[]> data = message.getData();
        try {
            ByteBuffer merged = WebSockets.mergeBuffers(data.getResource());
            byte[] bytes = new byte[merged.remaining()];
            merged.get(bytes);
            session.onFrame(bytes);
        } finally {
            data.free();
        }
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        session.onPeerClose(message.getCode());
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        if (error instanceof UnsupportedEncodingException) {
            session.onProtocolError(CloseMessage.MSG_CONTAINS_INVALID_DATA, "invalid-utf8");
        } else if (WebSocketMessages.MESSAGES.messageToBig(maxFrameBytes).equals(error.getMessage())) {
            session.onProtocolError(CloseMessage.MSG_TOO_BIG, "frame-too-big");
        } else {
            session.onTransportError();
        }
        channel.suspendReceives();
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), FLUSH_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
