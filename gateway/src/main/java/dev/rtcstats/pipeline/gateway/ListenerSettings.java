package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.util.Objects;

/**
 * Where the gateway listens.
 *
 * @param maxHeaderBytes the largest HTTP request head (request line with the token, and headers); a larger one is
 *                       refused by the HTTP layer before any WebSocket handshake
 */
public record ListenerSettings(String bindAddress, int port, int ioThreads, int maxHeaderBytes) {
    public static final ListenerSettings DEFAULTS = new ListenerSettings(
            "0.0.0.0", 8080, Math.max(2, Runtime.getRuntime().availableProcessors()), 65_536);

    public ListenerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) {
            throw new ConfigException("GATEWAY_PORT must be between 0 and 65535, got " + port);
        }
        if (ioThreads < 1) {
            throw new ConfigException("GATEWAY_IO_THREADS must be at least 1, got " + ioThreads);
        }
        if (maxHeaderBytes < 4096) {
            throw new ConfigException("GATEWAY_MAX_HEADER_BYTES must be at least 4096, got " + maxHeaderBytes);
        }
    }

    static ListenerSettings fromEnv(Env env) {
        return new ListenerSettings(
                env.string("GATEWAY_BIND_ADDRESS", DEFAULTS.bindAddress()),
                env.integer("GATEWAY_PORT", DEFAULTS.port(), 0, 65_535),
                env.integer("GATEWAY_IO_THREADS", DEFAULTS.ioThreads(), 1, 256),
                env.integer("GATEWAY_MAX_HEADER_BYTES", DEFAULTS.maxHeaderBytes(), 4096, 1024 * 1024));
    }
}
