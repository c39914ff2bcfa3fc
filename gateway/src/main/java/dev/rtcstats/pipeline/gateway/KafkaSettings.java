package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The topics and the producer tuning; idempotence and {@code acks=all} are not configurable. The README's
 * configuration table says what each setting costs and buys.
 */
public record KafkaSettings(
        String bootstrapServers,
        String framesTopic,
        String deadLetterTopic,
        String compression,
        Duration linger,
        int batchBytes,
        long bufferBytes,
        int maxInFlight,
        Duration deliveryTimeout,
        Duration maxBlock) {

    static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(framesTopic, "framesTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        Objects.requireNonNull(maxBlock, "maxBlock");
        if (!COMPRESSIONS.contains(compression)) {
            throw new ConfigException(
                    "KAFKA_COMPRESSION must be one of " + COMPRESSIONS + ", got '" + compression + "'");
        }
        if (maxInFlight < 1 || maxInFlight > 5) {
            throw new ConfigException(
                    "KAFKA_MAX_IN_FLIGHT must be between 1 and 5 with idempotence, got " + maxInFlight);
        }
        if (batchBytes < 1024) {
            throw new ConfigException("KAFKA_BATCH_BYTES must be at least 1024, got " + batchBytes);
        }
        if (bufferBytes < 1024 * 1024) {
            throw new ConfigException("KAFKA_BUFFER_BYTES must be at least 1 MiB, got " + bufferBytes);
        }
        if (deliveryTimeout.compareTo(linger.plusSeconds(1)) < 0) {
            throw new ConfigException(
                    "KAFKA_DELIVERY_TIMEOUT must be at least KAFKA_LINGER + 1s, got " + deliveryTimeout);
        }
        if (maxBlock.isNegative()) {
            throw new ConfigException("KAFKA_MAX_BLOCK must not be negative, got " + maxBlock);
        }
    }

    static KafkaSettings fromEnv(Env env) {
        return new KafkaSettings(
                env.required("KAFKA_BOOTSTRAP_SERVERS"),
                env.string("GATEWAY_FRAMES_TOPIC", Topics.FRAMES),
                env.string("GATEWAY_DEAD_LETTER_TOPIC", Topics.DEAD_LETTERS),
                env.string("KAFKA_COMPRESSION", "zstd").toLowerCase(Locale.ROOT),
                env.duration("KAFKA_LINGER", Duration.ofMillis(10)),
                env.integer("KAFKA_BATCH_BYTES", 128 * 1024, 1024, 16 * 1024 * 1024),
                env.longValue("KAFKA_BUFFER_BYTES", 64L * 1024 * 1024, 1024 * 1024, 4L * 1024 * 1024 * 1024),
                env.integer("KAFKA_MAX_IN_FLIGHT", 5, 1, 5),
                env.duration("KAFKA_DELIVERY_TIMEOUT", Duration.ofSeconds(30)),
                env.duration("KAFKA_MAX_BLOCK", Duration.ofSeconds(5)));
    }
}
