package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.GroupMembership;
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
        GroupMembership.requireSessionTimeout("SINK_SESSION_TIMEOUT", sessionTimeout);
        GroupMembership.requireValid("SINK_INSTANCE_ID", instanceId);
    }

    static KafkaInputs fromEnv(Env env) {
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
                GroupMembership.instanceId(env, "SINK_INSTANCE_ID"));
    }
}
