package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * Everything the enricher reads from its environment. The Kafka Streams application id embeds the processing
 * version, so a replay with a new version runs as a separate application beside live ingest.
 *
 * @param bootstrapServers        Kafka bootstrap servers
 * @param applicationName         base of the application id; the id is {@code <name>-v<processingVersion>}
 * @param processingVersion       version of the assembly logic, written on every output record
 * @param inactivityTimeout       a connection without any event for this long is closed with code 1006
 * @param punctuationInterval     how often the idle-connection scan runs (wall-clock)
 * @param maxClosesPerPunctuation upper bound on connections the idle scan closes in one run
 * @param featuresMaxDumpBytes    dumps larger than this get no feature record, so memory stays bounded
 * @param standbyReplicas         Kafka Streams standby replicas per state store
 * @param replicationFactor       replication of internal topics; -1 takes the broker default
 * @param streamThreads           Kafka Streams threads in this instance
 * @param stateDir                directory of the RocksDB state stores
 * @param rocksDbMemoryBytes      off-heap budget shared by all RocksDB stores of the instance
 * @param httpPort                port of {@code /healthcheck}, {@code /ready} and {@code /metrics}
 * @param obfuscateIpAddresses    store dumps and features with IP addresses obfuscated, as the reference does
 * @param geoipDatabase           MaxMind-format city database for the reference's geolocation; empty for none
 */
public record EnricherConfig(
        String bootstrapServers,
        String applicationName,
        long processingVersion,
        Duration inactivityTimeout,
        Duration punctuationInterval,
        int maxClosesPerPunctuation,
        long featuresMaxDumpBytes,
        int standbyReplicas,
        int replicationFactor,
        int streamThreads,
        String stateDir,
        long rocksDbMemoryBytes,
        int httpPort,
        boolean obfuscateIpAddresses,
        Optional<Path> geoipDatabase) {
    /** Internal topics accept frames up to this size, so that a large frame fits the frames-store changelog. */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    public EnricherConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
        Objects.requireNonNull(punctuationInterval, "punctuationInterval");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(geoipDatabase, "geoipDatabase");
        if (inactivityTimeout.toMillis() < 1000) {
            throw new ConfigException("ENRICHER_INACTIVITY_TIMEOUT must be at least 1s, got " + inactivityTimeout);
        }
        if (punctuationInterval.toMillis() < 10 || punctuationInterval.compareTo(inactivityTimeout) > 0) {
            throw new ConfigException("ENRICHER_PUNCTUATION_INTERVAL must be between 10ms and "
                    + "ENRICHER_INACTIVITY_TIMEOUT (" + inactivityTimeout + "), got " + punctuationInterval);
        }
    }

    /** A configuration with the privacy defaults: obfuscation on, no geolocation. */
    public EnricherConfig(
            String bootstrapServers,
            String applicationName,
            long processingVersion,
            Duration inactivityTimeout,
            Duration punctuationInterval,
            int maxClosesPerPunctuation,
            long featuresMaxDumpBytes,
            int standbyReplicas,
            int replicationFactor,
            int streamThreads,
            String stateDir,
            long rocksDbMemoryBytes,
            int httpPort) {
        this(
                bootstrapServers,
                applicationName,
                processingVersion,
                inactivityTimeout,
                punctuationInterval,
                maxClosesPerPunctuation,
                featuresMaxDumpBytes,
                standbyReplicas,
                replicationFactor,
                streamThreads,
                stateDir,
                rocksDbMemoryBytes,
                httpPort,
                true,
                Optional.empty());
    }

    public static EnricherConfig fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        return new EnricherConfig(
                env.required("KAFKA_BOOTSTRAP_SERVERS"),
                env.string("ENRICHER_APPLICATION_NAME", "rtcstats-enricher"),
                env.longValue("ENRICHER_PROCESSING_VERSION", 1, 1, Long.MAX_VALUE),
                env.duration("ENRICHER_INACTIVITY_TIMEOUT", Duration.ofMinutes(2)),
                env.duration("ENRICHER_PUNCTUATION_INTERVAL", Duration.ofSeconds(10)),
                env.integer("ENRICHER_MAX_CLOSES_PER_PUNCTUATION", 500, 1, 1_000_000),
                env.longValue("ENRICHER_FEATURES_MAX_DUMP_BYTES", 32L * 1024 * 1024, 0, Integer.MAX_VALUE),
                env.integer("ENRICHER_STANDBY_REPLICAS", 0, 0, 5),
                env.integer("ENRICHER_REPLICATION_FACTOR", -1, -1, 9),
                env.integer("ENRICHER_STREAM_THREADS", 1, 1, 64),
                env.string("ENRICHER_STATE_DIR", "/tmp/rtcstats-enricher"),
                env.longValue("ENRICHER_ROCKSDB_MEMORY_BYTES", 256L * 1024 * 1024, 16L * 1024 * 1024, Long.MAX_VALUE),
                env.integer("ENRICHER_HTTP_PORT", 8081, 0, 65535),
                env.bool("RTCSTATS_OBFUSCATE_IP_ADDRESSES", true),
                geoipDatabase(env));
    }

    private static Optional<Path> geoipDatabase(Env env) {
        String path = env.string("RTCSTATS_GEOIP_DATABASE", "");
        if (path.isBlank()) {
            return Optional.empty();
        }
        if (!Files.isReadable(Path.of(path))) {
            throw new ConfigException("RTCSTATS_GEOIP_DATABASE is not a readable file: " + path);
        }
        return Optional.of(Path.of(path));
    }

    /** The same configuration writing {@code version} on its outputs, as a replay runs it. */
    public EnricherConfig withProcessingVersion(long version) {
        return new EnricherConfig(
                bootstrapServers,
                applicationName,
                version,
                inactivityTimeout,
                punctuationInterval,
                maxClosesPerPunctuation,
                featuresMaxDumpBytes,
                standbyReplicas,
                replicationFactor,
                streamThreads,
                stateDir,
                rocksDbMemoryBytes,
                httpPort,
                obfuscateIpAddresses,
                geoipDatabase);
    }

    public String applicationId() {
        return applicationName + "-v" + processingVersion;
    }

    /** The production Kafka Streams configuration: exactly-once v2, explicit names, log-and-continue on bad input. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        props.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, rocksDbMemoryBytes);
        // Frames are stored one per changelog record and dumps leave in chunks of 512 KiB: raise the 1 MiB
        // defaults so that one large client frame cannot wedge the task.
        props.put(StreamsConfig.producerPrefix("max.request.size"), MAX_FRAME_BYTES + 64 * 1024);
        props.put(
                StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                Integer.toString(MAX_FRAME_BYTES + 64 * 1024));
        return props;
    }
}
