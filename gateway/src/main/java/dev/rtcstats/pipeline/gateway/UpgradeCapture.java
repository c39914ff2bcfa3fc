package dev.rtcstats.pipeline.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/** Copies what the dump metadata needs from the request into an attachment, then hands the exchange on. */
final class UpgradeCapture implements HttpHandler {
    static final AttachmentKey<UpgradeRequest> REQUEST = AttachmentKey.create(UpgradeRequest.class);
    private final HttpHandler next;

    UpgradeCapture(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(REQUEST, capture(exchange));
        next.handleRequest(exchange);
    }

    static UpgradeRequest capture(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        String peerAddress = peer == null || peer.getAddress() == null
                ? "unknown"
                : peer.getAddress().getHostAddress();
        if (peerAddress.equals("0:0:0:0:0:0:0:1")) {
            peerAddress = "::1";
        }
        var headers = exchange.getRequestHeaders();
        return new UpgradeRequest(
                exchange.getRequestURI(),
                exchange.getQueryString(),
                headers.getFirst(Headers.ORIGIN),
                headers.getFirst(Headers.USER_AGENT),
                headers.getFirst("X-Forwarded-For"),
                peerAddress,
                headers.getFirst(Headers.SEC_WEB_SOCKET_PROTOCOL));
    }
}
