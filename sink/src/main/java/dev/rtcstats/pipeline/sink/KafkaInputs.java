package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the sink reads and where its dead letters go.
 *
 * @param statsV1Topic   the JSON time series topic of earlier versions, drained when set (empty: not read)
 * @param sessionTimeout how long each group waits for a silent sink before moving its partitions to another
 * @param instanceId     static group membership ({@code group.instance.id}): a sink restarted under the same id
 *                       takes its partitions back at once, without waiting for the session timeout
 */
record KafkaInputs(
        String bootstrapServers,
        String groupId,
        String dumpsTopic,
        String sessionsTopic,
        String featuresTopic,
        String statsTopic,
        String statsV1Topic,
        String deadLettersTopic,
        Duration sessionTimeout,
        Optional<String> instanceId) {
    KafkaInputs {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(dumpsTopic, "dumpsTopic");
        Objects.requireNonNull(sessionsTopic, "sessionsTopic");
        Objects.requireNonNull(featuresTopic, "featuresTopic");
        Objects.requireNonNull(statsTopic, "statsTopic");
        Objects.requireNonNull(statsV1Topic, "statsV1Topic");
        Objects.requireNonNull(deadLettersTopic, "deadLettersTopic");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(instanceId, "instanceId");
        if (sessionTimeout.toMillis() < 3000) {
            throw new ConfigException("SINK_SESSION_TIMEOUT must be at least 3s, got " + sessionTimeout);
        }
        if (instanceId.isPresent() && !instanceId.get().matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ConfigException(
                    "SINK_INSTANCE_ID must be 1-200 letters, digits, '.', '_' or '-', got '" + instanceId.get() + "'");
        }
    }

    static KafkaInputs fromEnv(Env env) {
        String instance = env.string("SINK_INSTANCE_ID", env.string("HOSTNAME", ""));
        return new KafkaInputs(
                env.required("KAFKA_BOOTSTRAP_SERVERS"),
                env.string("SINK_GROUP_ID", "rtcstats-sink"),
                env.string("SINK_TOPIC_DUMPS", Topics.DUMPS),
                env.string("SINK_TOPIC_SESSIONS", Topics.SESSIONS),
                env.string("SINK_TOPIC_FEATURES", Topics.FEATURES),
                env.string("SINK_TOPIC_STATS", Topics.STATS),
                env.string("SINK_TOPIC_STATS_V1", ""),
                env.string("SINK_TOPIC_DEAD_LETTERS", Topics.DEAD_LETTERS),
                env.duration("SINK_SESSION_TIMEOUT", Duration.ofSeconds(10)),
                instance.isEmpty() || instance.equals("none") ? Optional.empty() : Optional.of(instance));
    }
}
