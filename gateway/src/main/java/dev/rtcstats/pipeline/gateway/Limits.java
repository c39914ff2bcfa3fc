package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.util.Objects;

/**
 * What one client, and all of them together, may cost the gateway. The README's limits table says what a client
 * sees when it crosses each one; uploads obey the same frame limits as WebSocket connections.
 *
 * @param maxFrameBytes          a larger frame closes with 1009 (an uploaded line: 413)
 * @param maxFramesPerSecond     per-connection token bucket rate; over it closes with 1008
 * @param frameBurst             the bucket's size
 * @param maxFramesPerConnection more close with 1008 (an upload: 413)
 * @param maxConnections         authorised connections; more are closed with 1013
 * @param maxPreAuthConnections  upgraded sockets not (or not yet) authorised; more are cut without a close frame
 * @param maxUnackedFrames       a connection with this many frames not acknowledged by Kafka is not read
 * @param maxInflightBytes       bytes not acknowledged by Kafka across the gateway; past it no socket is read and
 *                               uploads wait
 * @param nonJsonFrames          the policy for frames that are not one JSON array
 */
public record Limits(
        int maxFrameBytes,
        int maxFramesPerSecond,
        int frameBurst,
        long maxFramesPerConnection,
        int maxConnections,
        int maxPreAuthConnections,
        int maxUnackedFrames,
        long maxInflightBytes,
        NonJsonFrames nonJsonFrames) {

    public static final Limits DEFAULTS =
            new Limits(1_000_000, 200, 2000, 1_000_000, 10_000, 1000, 256, 32L * 1024 * 1024, NonJsonFrames.TAG);

    public Limits {
        Objects.requireNonNull(nonJsonFrames, "nonJsonFrames");
        atLeast("GATEWAY_MAX_FRAME_BYTES", maxFrameBytes, 1024);
        atLeast("GATEWAY_MAX_FRAMES_PER_SECOND", maxFramesPerSecond, 1);
        atLeast("GATEWAY_FRAME_BURST", frameBurst, 1);
        atLeast("GATEWAY_MAX_FRAMES_PER_CONNECTION", maxFramesPerConnection, 1);
        atLeast("GATEWAY_MAX_CONNECTIONS", maxConnections, 1);
        atLeast("GATEWAY_MAX_PREAUTH_CONNECTIONS", maxPreAuthConnections, 1);
        atLeast("GATEWAY_MAX_UNACKED_FRAMES", maxUnackedFrames, 2);
        atLeast("GATEWAY_MAX_INFLIGHT_BYTES", maxInflightBytes, 64 * 1024);
    }

    private static void atLeast(String variable, long value, long minimum) {
        if (value < minimum) {
            throw new ConfigException(variable + " must be at least " + minimum + ", got " + value);
        }
    }

    static Limits fromEnv(Env env) {
        return new Limits(
                env.integer("GATEWAY_MAX_FRAME_BYTES", DEFAULTS.maxFrameBytes(), 1024, 64 * 1024 * 1024),
                env.integer("GATEWAY_MAX_FRAMES_PER_SECOND", DEFAULTS.maxFramesPerSecond(), 1, 1_000_000),
                env.integer("GATEWAY_FRAME_BURST", DEFAULTS.frameBurst(), 1, 10_000_000),
                env.longValue(
                        "GATEWAY_MAX_FRAMES_PER_CONNECTION", DEFAULTS.maxFramesPerConnection(), 1, Long.MAX_VALUE),
                env.integer("GATEWAY_MAX_CONNECTIONS", DEFAULTS.maxConnections(), 1, 10_000_000),
                env.integer("GATEWAY_MAX_PREAUTH_CONNECTIONS", DEFAULTS.maxPreAuthConnections(), 1, 10_000_000),
                env.integer("GATEWAY_MAX_UNACKED_FRAMES", DEFAULTS.maxUnackedFrames(), 2, 1_000_000),
                env.longValue(
                        "GATEWAY_MAX_INFLIGHT_BYTES", DEFAULTS.maxInflightBytes(), 64 * 1024, 16L * 1024 * 1024 * 1024),
                NonJsonFrames.parse(env.string("GATEWAY_NON_JSON_FRAMES", "tag")));
    }
}
