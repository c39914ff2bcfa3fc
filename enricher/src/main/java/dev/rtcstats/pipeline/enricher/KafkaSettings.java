package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.common.GroupMembership;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the enricher runs as a Kafka Streams application.
 *
 * @param bootstrapServers   {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param applicationName    base of the application id; the id is {@code <name>-v<processingVersion>}
 * @param processingVersion  version of the assembly logic, written on every output record
 * @param streamThreads      Kafka Streams threads in this instance
 * @param standbyReplicas    standby replicas per state store
 * @param replicationFactor  replication of internal topics; -1 takes the broker default
 * @param commitInterval     how often a transaction commits: outputs become readable downstream only then
 * @param transactionTimeout a transaction open longer is aborted by the broker; every close and punctuation is
 *                           bounded well below it (see {@link #validateAgainst})
 * @param sessionTimeout     how long the group waits for a silent instance before moving its partitions
 * @param instanceId         static group membership ({@code group.instance.id}); an instance restarted under the same
 *                           id gets its partitions back without a rebalance
 */
public record KafkaSettings(
        String bootstrapServers,
        String applicationName,
        long processingVersion,
        int streamThreads,
        int standbyReplicas,
        int replicationFactor,
        Duration commitInterval,
        Duration transactionTimeout,
        Duration sessionTimeout,
        Optional<String> instanceId) {
    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(instanceId, "instanceId");
        if (processingVersion < 1) {
            throw new ConfigException("ENRICHER_PROCESSING_VERSION must be at least 1, got " + processingVersion);
        }
        if (commitInterval.toMillis() < 10) {
            throw new ConfigException("ENRICHER_COMMIT_INTERVAL must be at least 10ms, got " + commitInterval);
        }
        GroupMembership.requireSessionTimeout("ENRICHER_SESSION_TIMEOUT", sessionTimeout);
        GroupMembership.requireValid("ENRICHER_INSTANCE_ID", instanceId);
    }

    static KafkaSettings fromEnv(Env env) {
        return new KafkaSettings(
                env.required("KAFKA_BOOTSTRAP_SERVERS"),
                env.string("ENRICHER_APPLICATION_NAME", "rtcstats-enricher"),
                env.longValue("ENRICHER_PROCESSING_VERSION", 1, 1, Long.MAX_VALUE),
                env.integer("ENRICHER_STREAM_THREADS", 1, 1, 64),
                env.integer("ENRICHER_STANDBY_REPLICAS", 0, 0, 5),
                env.integer("ENRICHER_REPLICATION_FACTOR", -1, -1, 9),
                env.duration("ENRICHER_COMMIT_INTERVAL", Duration.ofMillis(100)),
                env.duration("ENRICHER_TRANSACTION_TIMEOUT", Duration.ofSeconds(60)),
                env.duration("ENRICHER_SESSION_TIMEOUT", Duration.ofSeconds(10)),
                GroupMembership.instanceId(env, "ENRICHER_INSTANCE_ID"));
    }

    public String applicationId() {
        return applicationName + "-v" + processingVersion;
    }

    KafkaSettings withProcessingVersion(long version) {
        return new KafkaSettings(
                bootstrapServers,
                applicationName,
                version,
                streamThreads,
                standbyReplicas,
                replicationFactor,
                commitInterval,
                transactionTimeout,
                sessionTimeout,
                instanceId);
    }

    /**
     * A transaction holds what happens between two commits: records up to the commit interval, at most one
     * punctuation and the close that may overrun either. All of it must end well before the broker aborts it.
     */
    void validateAgainst(AssemblySettings assembly, ConnectionBudgets budgets) {
        Duration worst = commitInterval
                .plus(assembly.maxPunctuationTime())
                .plus(budgets.maxCloseTime().multipliedBy(2));
        if (transactionTimeout.compareTo(worst.multipliedBy(2)) < 0) {
            throw new ConfigException("ENRICHER_TRANSACTION_TIMEOUT (" + transactionTimeout + ") must be at least"
                    + " twice ENRICHER_COMMIT_INTERVAL + ENRICHER_MAX_PUNCTUATION_TIME + 2 x ENRICHER_MAX_CLOSE_TIME ("
                    + worst.multipliedBy(2) + ")");
        }
    }
}
