package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.Topics;
import java.util.Objects;

/**
 * Where the sink reads and where its dead letters go.
 *
 * @param statsV1Topic the JSON time series topic of earlier versions, drained when set (empty: not read)
 */
record KafkaInputs(
        String bootstrapServers,
        String groupId,
        String dumpsTopic,
        String sessionsTopic,
        String featuresTopic,
        String statsTopic,
        String statsV1Topic,
        String deadLettersTopic) {
    KafkaInputs {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(dumpsTopic, "dumpsTopic");
        Objects.requireNonNull(sessionsTopic, "sessionsTopic");
        Objects.requireNonNull(featuresTopic, "featuresTopic");
        Objects.requireNonNull(statsTopic, "statsTopic");
        Objects.requireNonNull(statsV1Topic, "statsV1Topic");
        Objects.requireNonNull(deadLettersTopic, "deadLettersTopic");
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
                env.string("SINK_TOPIC_DEAD_LETTERS", Topics.DEAD_LETTERS));
    }
}
