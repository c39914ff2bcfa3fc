package dev.rtcstats.pipeline.gateway;

import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;

/**
 * RFC 6455 handshake that echoes the first subprotocol the client offers, whatever it is ({@code rtcstats#5.0},
 * {@code rtcstats#4.0}, {@code 2.0}…), as the reference's ws server does; a browser that offered one fails the
 * connection when none comes back. No extensions, so permessage-deflate is declined like the reference.
 */
final class FirstSubprotocolHandshake extends Hybi13Handshake {
    @Override
    protected String supportedSubprotols(String[] requestedSubprotocolArray) {
        return requestedSubprotocolArray.length == 0 ? null : requestedSubprotocolArray[0];
    }
}
