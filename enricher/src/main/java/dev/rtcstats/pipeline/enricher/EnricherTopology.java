package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterCounters;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import dev.rtcstats.pipeline.enricher.privacy.MaxMindGeoLocator;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The enricher's Processor API topology: {@link Topics#FRAMES} in; {@link Topics#DUMPS}, {@link Topics#SESSIONS},
 * {@link Topics#FEATURES}, {@link Topics#STATS} and {@link Topics#DEAD_LETTERS} out, all keyed by connection id.
 * Every processor, store and sink has an explicit name, so changelog topics keep their names when the topology
 * changes. One WebSocket connection is one unit of output: a reconnect is a new connection with its own dump and
 * records, linked to the earlier ones only by the shared {@code session} tag.
 */
public final class EnricherTopology {
    public static final String SOURCE = "frames-source";
    public static final String ASSEMBLER = "connection-assembler";
    public static final String CONNECTIONS_STORE = "enricher-connections";
    public static final String FRAMES_STORE = "enricher-frames";
    public static final String IDLE_INDEX_STORE = "enricher-idle-index";
    public static final String DUMPS_SINK = "dumps-sink";
    public static final String SESSIONS_SINK = "sessions-sink";
    public static final String FEATURES_SINK = "features-sink";
    public static final String STATS_SINK = "stats-sink";
    /** Records the enricher could not process, with their reason; see {@link Topics#DEAD_LETTERS}. */
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    private EnricherTopology() {}

    /** The topology with meters nobody reads; for tools that only need its shape. */
    public static Topology buildTopology(EnricherConfig cfg, FeatureExtraction features) {
        return buildTopology(cfg, features, EnricherMetrics.register(new SimpleMeterRegistry()));
    }

    /** The live-ingest topology. */
    public static Topology buildTopology(EnricherConfig cfg, FeatureExtraction features, EnricherMetrics metrics) {
        return buildTopology(cfg, features, metrics, Selection.LIVE);
    }

    /** The same topology restricted to the connections of {@code selection}, as a replay runs it. */
    public static Topology buildTopology(
            EnricherConfig cfg, FeatureExtraction features, EnricherMetrics metrics, Selection selection) {
        return buildTopology(cfg, features, metrics, selection, () -> true);
    }

    /**
     * The topology, told whether the instance has read its input to the end ({@code inputCaughtUp}): until then,
     * silence is not a reason to time a connection out (see {@code IdleScan}).
     */
    public static Topology buildTopology(
            EnricherConfig cfg,
            FeatureExtraction features,
            EnricherMetrics metrics,
            Selection selection,
            BooleanSupplier inputCaughtUp) {
        // The one piece of I/O here: the configured GeoIP database is opened (memory-mapped) once for all tasks.
        DumpPrivacy privacy = DumpPrivacy.of(
                cfg.privacy().obfuscateIpAddresses(),
                cfg.privacy().geoipDatabase().map(MaxMindGeoLocator::open).orElse(null));
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.FRAMES);
        topology.addProcessor(
                ASSEMBLER,
                () -> new ConnectionAssembler(
                        cfg, features, metrics, selection, privacy, System::nanoTime, inputCaughtUp),
                SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CONNECTIONS_STORE), Serdes.String(), new ConnectionStateSerde()),
                ASSEMBLER);
        // Frames are written once and read once: a cache in front of them would only cost heap.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(FRAMES_STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingDisabled(),
                ASSEMBLER);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(IDLE_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                ASSEMBLER);
        addSink(topology, DUMPS_SINK, Topics.DUMPS);
        addSink(topology, SESSIONS_SINK, Topics.SESSIONS);
        addSink(topology, FEATURES_SINK, Topics.FEATURES);
        addSink(topology, STATS_SINK, Topics.STATS);
        addSink(topology, DEAD_LETTERS_SINK, Topics.DEAD_LETTERS);
        return topology;
    }

    /**
     * The configuration's streams properties, carrying the dead-letter counters to the exception handlers that
     * Kafka Streams instantiates itself.
     */
    public static Properties streamsProperties(EnricherConfig cfg, EnricherMetrics metrics) {
        Properties props = cfg.streamsProperties();
        props.put(DeadLetterCounters.CONFIG, metrics.deadLetters());
        return props;
    }

    private static void addSink(Topology topology, String name, String topic) {
        topology.addSink(name, topic, new ByteArraySerializer(), new ByteArraySerializer(), ASSEMBLER);
    }
}
