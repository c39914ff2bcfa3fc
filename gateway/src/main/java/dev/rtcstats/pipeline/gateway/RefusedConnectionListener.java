package dev.rtcstats.pipeline.gateway;

import io.undertow.websockets.core.AbstractReceiveListener;

/**
 * Reads a refused connection only to complete its close handshake; whatever it sent before is never published.
 * The default handling of close frames does the rest.
 */
final class RefusedConnectionListener extends AbstractReceiveListener {}
