package dev.rtcstats.pipeline.gateway;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import org.xnio.IoUtils;

/**
 * Listens to a refused socket only for the answer to its close frame. It reads nothing else: the first data frame
 * cuts the connection, before its payload is read, and control frames are capped at the 125 bytes RFC 6455 allows.
 */
final class RefusedSocketListener extends AbstractReceiveListener {
    static final RefusedSocketListener INSTANCE = new RefusedSocketListener();
    private static final long MAX_CONTROL_FRAME_BYTES = 125;

    private RefusedSocketListener() {}

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel frame) {
        IoUtils.safeClose(channel);
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel frame) {
        IoUtils.safeClose(channel);
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
}
