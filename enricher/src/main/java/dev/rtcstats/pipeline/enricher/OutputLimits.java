package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The record size the broker accepts on the topics of derived records, read at start, so that an operator who lowers
 * a topic's {@code max.message.bytes} below {@code ENRICHER_MAX_RECORD_BYTES} gets dead letters, not a transaction
 * that aborts on every retry.
 */
final class OutputLimits {
    /** What the size estimate may miss against the broker's count: batch framing and headers. */
    static final int MARGIN_BYTES = 16 * 1024;

    private static final List<String> TOPICS = List.of(Topics.SESSIONS, Topics.FEATURES, Topics.STATS);

    private OutputLimits() {}

    /** The largest derived record every output topic accepts, or empty when the broker does not say. */
    static OptionalInt read(Admin admin, Duration timeout) throws InterruptedException {
        List<ConfigResource> topics = TOPICS.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return OptionalInt.empty();
        }
        return configs.values().stream()
                .map(config -> config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
                .filter(entry -> entry != null && entry.value() != null)
                .map(ConfigEntry::value)
                .mapToInt(value -> Integer.parseInt(value) - MARGIN_BYTES)
                .min();
    }
}
