package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import dev.rtcstats.pipeline.enricher.privacy.MaxMindGeoLocator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The enricher's Processor API topology: {@link Topics#FRAMES} in; {@link Topics#DUMPS}, {@link Topics#SESSIONS},
 * {@link Topics#FEATURES}, {@link Topics#STATS} and {@link Topics#LATE_FRAMES} out, all keyed by connection id. Every processor, store and
 * sink has an explicit name, so changelog topics keep their names when the topology changes. One WebSocket
 * connection is one unit of output: a reconnect is a new connection with its own dump and records, linked to the
 * earlier ones only by the shared {@code session} tag.
 */
public final class EnricherTopology {
    /** Events for connections that are not open (open lost, or already closed), forwarded verbatim. */
    public static final String SOURCE = "frames-source";

    public static final String ASSEMBLER = "connection-assembler";
    public static final String CONNECTIONS_STORE = "enricher-connections";
    public static final String FRAMES_STORE = "enricher-frames";
    public static final String IDLE_INDEX_STORE = "enricher-idle-index";
    public static final String DUMPS_SINK = "dumps-sink";
    public static final String SESSIONS_SINK = "sessions-sink";
    public static final String FEATURES_SINK = "features-sink";
    public static final String STATS_SINK = "stats-sink";
    public static final String LATE_FRAMES_SINK = "late-frames-sink";

    private EnricherTopology() {}

    /** The topology with counters nobody reads; for tools that only need its shape. */
    public static Topology buildTopology(EnricherConfig cfg, FeatureExtraction features) {
        return buildTopology(cfg, features, AssemblyCounters.register(new SimpleMeterRegistry()));
    }

    /** The live-ingest topology. */
    public static Topology buildTopology(EnricherConfig cfg, FeatureExtraction features, AssemblyCounters counters) {
        return buildTopology(cfg, features, counters, Selection.LIVE);
    }

    /** The same topology restricted to the connections of {@code selection}, as a replay runs it. */
    public static Topology buildTopology(
            EnricherConfig cfg, FeatureExtraction features, AssemblyCounters counters, Selection selection) {
        // The one piece of I/O here: the configured GeoIP database is opened (memory-mapped) once for all tasks.
        DumpPrivacy privacy = DumpPrivacy.of(
                cfg.obfuscateIpAddresses(),
                cfg.geoipDatabase().map(MaxMindGeoLocator::open).orElse(null));
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.FRAMES);
        topology.addProcessor(
                ASSEMBLER, () -> new ConnectionAssembler(cfg, features, counters, selection, privacy), SOURCE);
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
        topology.addSink(DUMPS_SINK, Topics.DUMPS, new ByteArraySerializer(), new ByteArraySerializer(), ASSEMBLER);
        topology.addSink(
                SESSIONS_SINK, Topics.SESSIONS, new ByteArraySerializer(), new ByteArraySerializer(), ASSEMBLER);
        topology.addSink(
                FEATURES_SINK, Topics.FEATURES, new ByteArraySerializer(), new ByteArraySerializer(), ASSEMBLER);
        topology.addSink(STATS_SINK, Topics.STATS, new ByteArraySerializer(), new ByteArraySerializer(), ASSEMBLER);
        topology.addSink(
                LATE_FRAMES_SINK, Topics.LATE_FRAMES, new ByteArraySerializer(), new ByteArraySerializer(), ASSEMBLER);
        return topology;
    }
}
