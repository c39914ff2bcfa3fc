package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the gateway reads from its environment, validated once at start. Every invalid value fails with a
 * {@link ConfigException} that names the variable.
 */
public record GatewayConfig(
        String bindAddress,
        int port,
        String gatewayId,
        String framesTopic,
        Auth auth,
        List<String> allowedOrigins,
        boolean obfuscateIpAddresses,
        String uploadPath,
        Limits limits,
        NonJsonFrames nonJsonFrames,
        Producer producer,
        Duration readyCheckInterval,
        Duration shutdownGrace,
        int ioThreads) {

    /** The dump file format written into the metadata line, as the reference's {@code rtcStats.fileFormat}. */
    public static final int FILE_FORMAT = 3;

    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public GatewayConfig {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(producer, "producer");
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * Token checking. Auth is on when a secret or a JWKS file is configured; {@code secret} is used as raw UTF-8
     * bytes for HS256/384/512 and the JWKS file holds public keys for RS256/ES256, selected by {@code kid}.
     */
    public record Auth(String secret, Path jwksFile, Duration clockSkew) {
        public boolean enabled() {
            return secret != null || jwksFile != null;
        }

        @Override
        public String toString() {
            return "Auth[secret=" + (secret == null ? "none" : "***") + ", jwksFile=" + jwksFile + ", clockSkew="
                    + clockSkew + "]";
        }
    }

    /** Per-connection and per-gateway limits; each breach closes the socket with its own code. */
    public record Limits(
            int maxFrameBytes,
            int maxFramesPerSecond,
            int frameBurst,
            long maxFramesPerConnection,
            int maxConnections,
            int maxUnackedFrames,
            long maxInflightBytes,
            long maxUploadBytes) {}

    /** Producer tuning; idempotence and {@code acks=all} are not configurable. */
    public record Producer(
            String bootstrapServers,
            String compression,
            Duration linger,
            int batchBytes,
            long bufferBytes,
            int maxInFlight,
            Duration deliveryTimeout,
            Duration maxBlock) {}

    /** What to do with a text frame that is not one JSON array. */
    public enum NonJsonFrames {
        /** Publish it verbatim with a header that marks it, as the reference stores it unchecked. */
        TAG,
        /** Count it and leave it out. */
        DROP,
        /** Close the socket with 1008. */
        REJECT
    }

    public static GatewayConfig fromEnv(Map<String, String> variables) {
        if (variables.containsKey("GATEWAY_OBFUSCATE_IP_ADDRESSES")) {
            // The enricher obfuscates the dump itself now; one switch covers both, so an old "false" must not
            // silently leave the dump obfuscated and the metadata line not.
            throw new ConfigException("GATEWAY_OBFUSCATE_IP_ADDRESSES is now RTCSTATS_OBFUSCATE_IP_ADDRESSES, shared "
                    + "by the gateway and the enricher; set that instead");
        }
        Env env = new Env(variables);
        Auth auth = new Auth(
                env.string("RTCSTATS_JWT_SECRET", null),
                jwksFile(env),
                env.duration("RTCSTATS_JWT_CLOCK_SKEW", Duration.ofSeconds(5)));
        int maxFrameBytes = env.integer("GATEWAY_MAX_FRAME_BYTES", 1_000_000, 1024, 64 * 1024 * 1024);
        Limits limits = new Limits(
                maxFrameBytes,
                env.integer("GATEWAY_MAX_FRAMES_PER_SECOND", 200, 1, 1_000_000),
                env.integer("GATEWAY_FRAME_BURST", 2000, 1, 10_000_000),
                env.longValue("GATEWAY_MAX_FRAMES_PER_CONNECTION", 1_000_000, 1, Long.MAX_VALUE),
                env.integer("GATEWAY_MAX_CONNECTIONS", 10_000, 1, 10_000_000),
                env.integer("GATEWAY_MAX_UNACKED_FRAMES", 256, 2, 1_000_000),
                env.longValue("GATEWAY_MAX_INFLIGHT_BYTES", 32L * 1024 * 1024, 64 * 1024, 16L * 1024 * 1024 * 1024),
                env.longValue("GATEWAY_MAX_UPLOAD_BYTES", 100L * 1024 * 1024, 1024, Integer.MAX_VALUE));
        Producer producer = new Producer(
                env.required("KAFKA_BOOTSTRAP_SERVERS"),
                compression(env),
                env.duration("KAFKA_LINGER", Duration.ofMillis(10)),
                env.integer("KAFKA_BATCH_BYTES", 128 * 1024, 1024, 16 * 1024 * 1024),
                env.longValue("KAFKA_BUFFER_BYTES", 64L * 1024 * 1024, 1024 * 1024, 4L * 1024 * 1024 * 1024),
                env.integer("KAFKA_MAX_IN_FLIGHT", 5, 1, 5),
                env.duration("KAFKA_DELIVERY_TIMEOUT", Duration.ofSeconds(30)),
                env.duration("KAFKA_MAX_BLOCK", Duration.ofSeconds(5)));
        if (limits.maxInflightBytes() > producer.bufferBytes()) {
            // Otherwise send() would block on a full producer buffer before the gateway pauses any socket.
            throw new ConfigException("GATEWAY_MAX_INFLIGHT_BYTES (" + limits.maxInflightBytes()
                    + ") must not exceed KAFKA_BUFFER_BYTES (" + producer.bufferBytes() + ")");
        }
        if (producer.deliveryTimeout().compareTo(producer.linger().plusSeconds(1)) < 0) {
            throw new ConfigException(
                    "KAFKA_DELIVERY_TIMEOUT must be at least KAFKA_LINGER + 1s, got " + producer.deliveryTimeout());
        }
        return new GatewayConfig(
                env.string("GATEWAY_BIND_ADDRESS", "0.0.0.0"),
                env.integer("GATEWAY_PORT", 8080, 0, 65535),
                env.string("GATEWAY_ID", env.string("HOSTNAME", "gateway")),
                env.string("GATEWAY_FRAMES_TOPIC", Topics.FRAMES),
                auth,
                origins(env),
                env.bool("RTCSTATS_OBFUSCATE_IP_ADDRESSES", true),
                uploadPath(env),
                limits,
                nonJsonFrames(env),
                producer,
                env.duration("GATEWAY_READY_CHECK_INTERVAL", Duration.ofSeconds(5)),
                env.duration("GATEWAY_SHUTDOWN_GRACE", Duration.ofSeconds(10)),
                env.integer(
                        "GATEWAY_IO_THREADS", Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 256));
    }

    private static Path jwksFile(Env env) {
        String file = env.string("RTCSTATS_JWKS_FILE", null);
        if (file == null) {
            return null;
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new ConfigException("RTCSTATS_JWKS_FILE must name a readable file, got '" + file + "'");
        }
        return path;
    }

    private static String compression(Env env) {
        String value = env.string("KAFKA_COMPRESSION", "zstd").toLowerCase(Locale.ROOT);
        if (!COMPRESSIONS.contains(value)) {
            throw new ConfigException("KAFKA_COMPRESSION must be one of " + COMPRESSIONS + ", got '" + value + "'");
        }
        return value;
    }

    private static List<String> origins(Env env) {
        String list = env.string("GATEWAY_ALLOWED_ORIGINS", "");
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String uploadPath(Env env) {
        String path = env.string("GATEWAY_UPLOAD_PATH", null);
        if (path != null && !path.startsWith("/")) {
            throw new ConfigException("GATEWAY_UPLOAD_PATH must start with '/', got '" + path + "'");
        }
        return path;
    }

    private static NonJsonFrames nonJsonFrames(Env env) {
        String value = env.string("GATEWAY_NON_JSON_FRAMES", "tag");
        try {
            return NonJsonFrames.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("GATEWAY_NON_JSON_FRAMES must be tag, drop or reject, got '" + value + "'");
        }
    }
}
