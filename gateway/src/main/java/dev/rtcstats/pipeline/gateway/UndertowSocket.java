package dev.rtcstats.pipeline.gateway;

import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/** A {@link ClientSocket} on an Undertow WebSocket channel. */
final class UndertowSocket implements ClientSocket {
    /** A peer that does not answer the gateway's close frame is cut off after this. */
    static final long CLOSE_HANDSHAKE_MILLIS = 5_000;

    private final WebSocketChannel channel;

    UndertowSocket(WebSocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void execute(Runnable task) {
        channel.getIoThread().execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        channel.getIoThread().executeAfter(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void suspendReads() {
        channel.suspendReceives();
    }

    @Override
    public void resumeReads() {
        channel.resumeReceives();
    }

    @Override
    public void close(int code, String reason) {
        // The peer's close frame must still be read to finish the handshake; frames before it are ignored.
        channel.resumeReceives();
        WebSockets.sendClose(code, reason, channel, null);
        schedule(this::abort, CLOSE_HANDSHAKE_MILLIS);
    }

    @Override
    public void abort() {
        IoUtils.safeClose(channel);
    }

    /**
     * The code of a close frame Undertow sent on its own for a protocol violation. Its 1000 is not one: Undertow sends
     * that when the peer's TCP connection ended without a close frame, which is an abnormal closure (1006), as the
     * reference's WebSocket library reports it.
     */
    @Override
    public int protocolCloseCode() {
        int code = channel.getCloseCode();
        return channel.isCloseFrameSent() && code > 0 && code != CloseMessage.NORMAL_CLOSURE ? code : -1;
    }
}
