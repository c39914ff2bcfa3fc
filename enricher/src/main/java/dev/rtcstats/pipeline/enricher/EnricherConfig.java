package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterDeserializationHandler;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterProcessingHandler;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterProductionHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the enricher reads from its environment, in groups. Defaults live in each group's {@code fromEnv};
 * tests build a configuration with {@link #builder(String)}, which goes through the same code.
 */
public record EnricherConfig(
        KafkaSettings kafka,
        AssemblySettings assembly,
        ConnectionBudgets budgets,
        StorageSettings storage,
        OperationsSettings operations,
        PrivacySettings privacy) {
    /** Internal topics accept frames up to this size, so that a large frame fits the frames-store changelog. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    public EnricherConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(assembly, "assembly");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(privacy, "privacy");
        kafka.validateAgainst(assembly, budgets);
    }

    public static EnricherConfig fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        return new EnricherConfig(
                KafkaSettings.fromEnv(env),
                AssemblySettings.fromEnv(env),
                ConnectionBudgets.fromEnv(env),
                StorageSettings.fromEnv(env),
                OperationsSettings.fromEnv(env),
                PrivacySettings.fromEnv(env));
    }

    /** A configuration from the defaults and what the caller sets, for tests and tools. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** The same configuration writing {@code version} on its outputs, as a replay runs it. */
    public EnricherConfig withProcessingVersion(long version) {
        return new EnricherConfig(
                kafka.withProcessingVersion(version), assembly, budgets, storage, operations, privacy);
    }

    /** The same configuration with derived records capped at {@code bytes}, as the output topics allow. */
    public EnricherConfig withMaxRecordBytes(int bytes) {
        return new EnricherConfig(kafka, assembly, budgets.withMaxRecordBytes(bytes), storage, operations, privacy);
    }

    public String applicationId() {
        return kafka.applicationId();
    }

    public long processingVersion() {
        return kafka.processingVersion();
    }

    /**
     * The production Kafka Streams configuration: exactly-once v2, explicit names, dead letters for whatever cannot
     * be read, processed or produced, and static membership when an instance id is set.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafka.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.standbyReplicas());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, storage.stateDir());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        props.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, storage.rocksDbMemoryBytes());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int)
                kafka.transactionTimeout().toMillis());
        int session = (int) kafka.sessionTimeout().toMillis();
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), session);
        props.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Math.max(1000, session / 3));
        kafka.instanceId()
                .ifPresent(id -> props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        // Frames are stored one per changelog record and dumps leave in chunks of 512 KiB: raise the 1 MiB
        // defaults so that one large client frame cannot wedge the task.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_FRAME_BYTES + 64 * 1024);
        props.put(
                StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                Integer.toString(MAX_FRAME_BYTES + 64 * 1024));
        return props;
    }

    /** Sets variables by their typed meaning and reads them back through {@link #fromEnv}. */
    public static final class Builder {
        private final Map<String, String> variables = new HashMap<>();

        private Builder(String bootstrapServers) {
            variables.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        }

        /** Any variable by its name, as the README lists them. */
        public Builder set(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public Builder applicationName(String name) {
            return set("ENRICHER_APPLICATION_NAME", name);
        }

        public Builder processingVersion(long version) {
            return set("ENRICHER_PROCESSING_VERSION", Long.toString(version));
        }

        public Builder inactivityTimeout(Duration timeout) {
            return set("ENRICHER_INACTIVITY_TIMEOUT", millis(timeout));
        }

        public Builder punctuationInterval(Duration interval) {
            return set("ENRICHER_PUNCTUATION_INTERVAL", millis(interval));
        }

        public Builder featuresMaxDumpBytes(long bytes) {
            return set("ENRICHER_FEATURES_MAX_DUMP_BYTES", Long.toString(bytes));
        }

        public Builder stateDir(String directory) {
            return set("ENRICHER_STATE_DIR", directory);
        }

        public Builder rocksDbMemoryBytes(long bytes) {
            return set("ENRICHER_ROCKSDB_MEMORY_BYTES", Long.toString(bytes));
        }

        public Builder httpPort(int port) {
            return set("ENRICHER_HTTP_PORT", Integer.toString(port));
        }

        public EnricherConfig build() {
            return fromEnv(variables);
        }

        private static String millis(Duration duration) {
            return duration.toMillis() + "ms";
        }
    }
}
