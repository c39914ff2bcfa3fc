package dev.rtcstats.pipeline.enricher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.Json;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.common.WireFormatException;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events of one WebSocket connection into its rtcStats dump, session record, feature record and getStats
 * time series.
 *
 * <p>The unit of assembly is the connection: a client that reconnects opens a new connection, which gets its own
 * dump and record carrying the same {@code session} tag. Frames are kept one per store entry and streamed back in
 * sequence order at close, so memory per close is one dump chunk (plus the frame lines for features when the dump
 * is under {@link EnricherConfig#featuresMaxDumpBytes()}, which bounds the time series as well). Duplicates (sequence not above the last stored) are
 * dropped; gaps are counted and kept. Events for a connection that is not open here (its open was lost, or it has
 * already closed) are forwarded untouched to {@link Topics#LATE_FRAMES} so that nothing is silently lost. Under a
 * replay {@link Selection}, connections outside the selection are dropped instead, and the connections still open
 * when the replay has read its input are closed as by the timeout.
 */
final class ConnectionAssembler implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionAssembler.class);
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] EMPTY = new byte[0];
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    private static final JsonSerde<StatsSeries> STATS = new JsonSerde<>(StatsSeries.class);

    private final EnricherConfig config;
    private final FeatureExtraction features;
    private final AssemblyCounters counters;
    private final Selection selection;
    private final DumpPrivacy privacy;
    private final long timeoutMillis;
    private final long reindexMillis;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, ConnectionState> connections;
    private KeyValueStore<Bytes, byte[]> frames;
    private KeyValueStore<Bytes, byte[]> idle;
    private long streamTime;
    private long lastRecordAt;

    ConnectionAssembler(
            EnricherConfig config,
            FeatureExtraction features,
            AssemblyCounters counters,
            Selection selection,
            DumpPrivacy privacy) {
        this.config = config;
        this.privacy = privacy;
        this.features = features;
        this.counters = counters;
        this.selection = selection;
        this.timeoutMillis = config.inactivityTimeout().toMillis();
        // The idle index moves a connection at most once per quarter timeout: far fewer writes than one per frame,
        // at the price of the scan re-checking entries that look idle but are not.
        this.reindexMillis = timeoutMillis / 4;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.connections = context.getStateStore(EnricherTopology.CONNECTIONS_STORE);
        this.frames = context.getStateStore(EnricherTopology.FRAMES_STORE);
        this.idle = context.getStateStore(EnricherTopology.IDLE_INDEX_STORE);
        this.lastRecordAt = context.currentSystemTimeMs();
        context.schedule(config.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeIdleConnections);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (!covered()) {
            return;
        }
        ConnectionEvent event;
        try {
            event = ConnectionEventCodec.decode(record.key(), record.headers(), record.value());
        } catch (WireFormatException e) {
            counters.badRecords().increment();
            LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("frames record skipped");
            return;
        }
        long now = context.currentSystemTimeMs();
        lastRecordAt = now;
        streamTime = Math.max(streamTime, event.timestamp());
        ConnectionState state = connections.get(event.connectionId());
        switch (event) {
            case ConnectionEvent.Opened opened when !selection.selects(opened) -> {
                // Not part of this replay: its frames find no state below and are dropped with it.
            }
            case ConnectionEvent.Opened opened -> open(opened, state, now);
            case ConnectionEvent.FrameReceived frame when state == null -> late(record, event);
            case ConnectionEvent.FrameReceived frame -> store(frame, state, now);
            case ConnectionEvent.Closed closed when state == null -> late(record, event);
            case ConnectionEvent.Closed closed ->
                close(
                        closed.connectionId(),
                        state,
                        closed.code(),
                        closed.timestamp(),
                        closed.timestamp() - state.lastFrameAt(),
                        "client",
                        closed);
        }
    }

    private boolean covered() {
        return context.recordMetadata()
                .map(position -> selection.covers(position.partition(), position.offset()))
                .orElse(true);
    }

    private void open(ConnectionEvent.Opened opened, ConnectionState state, long now) {
        if (state != null) {
            counters.duplicates().increment();
            return;
        }
        try {
            BlobKeys.forConnection(opened.connectionId());
        } catch (IllegalArgumentException e) {
            counters.badRecords().increment();
            LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("open with an unusable connection id skipped");
            return;
        }
        connections.put(
                opened.connectionId(),
                ConnectionState.opened(
                        privacy.metadataLine(opened.metadataJson(), opened.remoteAddresses()),
                        opened.tags(),
                        opened.timestamp(),
                        now));
        idle.put(FrameKeys.idle(now, opened.connectionId()), EMPTY);
        counters.opened().increment();
    }

    private void store(ConnectionEvent.FrameReceived frame, ConnectionState state, long now) {
        String id = frame.connectionId();
        if (frame.payload().length > EnricherConfig.MAX_FRAME_BYTES) {
            // The frames-store changelog could not hold it; keeping it would stop the task on every retry.
            counters.oversize().increment();
            LOGGER.atError()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("sequence", frame.sequence())
                    .addKeyValue("bytes", frame.payload().length)
                    .addKeyValue("limit", EnricherConfig.MAX_FRAME_BYTES)
                    .log("frame larger than the enricher accepts, dropped");
            return;
        }
        if (frame.sequence() <= state.lastSequence()) {
            counters.duplicates().increment();
            connections.put(id, reindexIfDue(id, state.seenAt(now)));
            return;
        }
        if (frame.sequence() != state.lastSequence() + 1) {
            counters.gaps().increment();
            LOGGER.atWarn()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("expected", state.lastSequence() + 1)
                    .addKeyValue("received", frame.sequence())
                    .log("frame sequence gap");
        }
        frames.put(FrameKeys.frame(id, frame.sequence()), frame.payload());
        connections.put(
                id,
                reindexIfDue(id, state.withFrame(frame.sequence(), frame.payload().length, frame.timestamp(), now)));
        counters.framesStored().increment();
    }

    private ConnectionState reindexIfDue(String id, ConnectionState state) {
        return state.lastSeenAt() - state.indexedAt() < reindexMillis
                ? state
                : moveInIndex(id, state, state.lastSeenAt());
    }

    private ConnectionState moveInIndex(String id, ConnectionState state, long time) {
        idle.delete(FrameKeys.idle(state.indexedAt(), id));
        idle.put(FrameKeys.idle(time, id), EMPTY);
        return state.indexedAt(time);
    }

    private void late(Record<byte[], byte[]> record, ConnectionEvent event) {
        if (!selection.reportsLate()) {
            // A replay starts mid-topic and selects a subset: strays are expected there, not late.
            return;
        }
        counters.lateEvents().increment();
        LOGGER.atDebug().addKeyValue("connectionId", event.connectionId()).log("event for an unknown connection");
        context.forward(record, EnricherTopology.LATE_FRAMES_SINK);
    }

    /**
     * Closes at most {@code maxClosesPerPunctuation} connections that have been silent for longer than the timeout,
     * both by the wall clock and, while records are flowing, by stream time. The second test keeps a lagging or
     * restarted task from timing out connections whose frames are still waiting in the topic.
     */
    private void closeIdleConnections(long now) {
        if (selection.finishing()) {
            closeRemainingConnections();
            return;
        }
        long cutoff = now - timeoutMillis;
        boolean quiet = now - lastRecordAt > timeoutMillis;
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = idle.all()) {
            while (entries.hasNext() && due.size() < config.maxClosesPerPunctuation()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                if (FrameKeys.idleTime(entry.key) > cutoff) {
                    break;
                }
                due.add(entry.key);
            }
        }
        for (Bytes key : due) {
            String id = FrameKeys.idleConnection(key);
            ConnectionState state = connections.get(id);
            if (state == null || state.indexedAt() != FrameKeys.idleTime(key)) {
                idle.delete(key);
            } else if (state.lastSeenAt() > cutoff) {
                connections.put(id, moveInIndex(id, state, state.lastSeenAt()));
            } else if (!quiet && streamTime - state.lastFrameAt() <= timeoutMillis) {
                // Behind in the topic: look again one timeout from now rather than block the head of the index.
                connections.put(id, moveInIndex(id, state, now));
            } else {
                // The client is gone without a close: report the silence that made us give up, which keeps the
                // output the same whenever the scan happens to run (replays included).
                close(
                        id,
                        state,
                        CloseCodes.ABNORMAL,
                        state.lastFrameAt() + timeoutMillis,
                        timeoutMillis,
                        "timeout",
                        null);
            }
        }
    }

    /**
     * A replay has read all its input: whatever is still open had no close before the captured end, so it is closed
     * as the timeout would have closed it, at most {@code maxClosesPerPunctuation} per run to bound a transaction.
     */
    private void closeRemainingConnections() {
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = idle.all()) {
            while (entries.hasNext() && due.size() < config.maxClosesPerPunctuation()) {
                due.add(entries.next().key);
            }
        }
        for (Bytes key : due) {
            String id = FrameKeys.idleConnection(key);
            ConnectionState state = connections.get(id);
            if (state == null || state.indexedAt() != FrameKeys.idleTime(key)) {
                idle.delete(key);
            } else {
                close(
                        id,
                        state,
                        CloseCodes.ABNORMAL,
                        state.lastFrameAt() + timeoutMillis,
                        timeoutMillis,
                        "timeout",
                        null);
            }
        }
    }

    private void close(
            String id,
            ConnectionState state,
            int code,
            long endTime,
            long sinceLastFrame,
            String closedBy,
            ConnectionEvent.Closed closed) {
        if (closed != null && closed.frames() > state.frameCount()) {
            counters.missingAtClose().increment(closed.frames() - state.frameCount());
            LOGGER.atWarn()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("published", closed.frames())
                    .addKeyValue("stored", state.frameCount())
                    .log("connection closed with frames missing");
        }
        DumpMetadata metadata = DumpMetadata.parse(state.metadataJson());
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        boolean withFeatures = state.frameCount() > 0 && estimatedDumpBytes(state) <= config.featuresMaxDumpBytes();
        List<String> lines = withFeatures ? new ArrayList<>((int) state.frameCount()) : null;
        // Like the reference server, a connection that sent nothing leaves a row but no dump.
        long dumpBytes = state.frameCount() > 0 ? writeDump(id, key, state, code, sinceLastFrame, endTime, lines) : 0;
        SessionRecord session = new SessionRecord(
                SessionRecord.FORMAT,
                id,
                state.tags().user(),
                state.tags().conference(),
                state.tags().session(),
                state.tags().tenant(),
                state.tags().gateway(),
                state.startTime(),
                endTime,
                state.frameCount(),
                code,
                closedBy,
                metadata.userAgent(),
                metadata.origin(),
                metadata.clientProtocol(),
                dumpBytes,
                state.frameCount() > 0 ? BlobKeys.forConnection(id) : null,
                config.processingVersion());
        context.forward(
                new Record<>(key, SESSIONS.toBytes(session), endTime, new RecordHeaders()),
                EnricherTopology.SESSIONS_SINK);
        if (state.frameCount() > 0) {
            emitFeatures(id, key, session, state, lines, endTime);
        }
        connections.delete(id);
        idle.delete(FrameKeys.idle(state.indexedAt(), id));
        ("client".equals(closedBy) ? counters.closedByClient() : counters.closedByTimeout()).increment();
        LOGGER.atInfo()
                .addKeyValue("connectionId", id)
                .addKeyValue("session", state.tags().session())
                .addKeyValue("frames", state.frameCount())
                .addKeyValue("dumpBytes", dumpBytes)
                .addKeyValue("closeCode", code)
                .addKeyValue("closedBy", closedBy)
                .log("connection assembled");
    }

    private long writeDump(
            String id,
            byte[] key,
            ConnectionState state,
            int code,
            long sinceLastFrame,
            long endTime,
            List<String> lines) {
        DumpChunker chunker = new DumpChunker(
                id,
                config.processingVersion(),
                DumpChunkCodec.MAX_CHUNK_BYTES,
                chunk -> forwardChunk(key, chunk, endTime));
        chunker.write(DumpFormat.HEADER_LINE);
        chunker.write(state.metadataJson().getBytes(StandardCharsets.UTF_8));
        chunker.write(NEWLINE);
        try (KeyValueIterator<Bytes, byte[]> stored =
                frames.prefixScan(FrameKeys.connectionPrefix(id), new BytesSerializer())) {
            while (stored.hasNext()) {
                KeyValue<Bytes, byte[]> frame = stored.next();
                privacy.writeFrame(frame.value, chunker::write, lines);
                // RocksDB iterators read a snapshot, so deleting behind the cursor is safe.
                frames.delete(frame.key);
            }
        }
        privacy.writeClose(DumpFormat.closeLine(code, sinceLastFrame), chunker::write, lines);
        return chunker.finish();
    }

    private void forwardChunk(byte[] key, DumpChunk chunk, long timestamp) {
        counters.dumpChunks().increment();
        counters.dumpBytes().increment(chunk.bytes().length);
        context.forward(
                new Record<>(key, chunk.bytes(), timestamp, DumpChunkCodec.headers(chunk)),
                EnricherTopology.DUMPS_SINK);
    }

    private void emitFeatures(
            String id, byte[] key, SessionRecord session, ConnectionState state, List<String> lines, long endTime) {
        if (lines == null) {
            counters.featuresSkipped().increment();
            LOGGER.atWarn()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("dumpBytes", session.dumpBytes())
                    .addKeyValue("limit", config.featuresMaxDumpBytes())
                    .log("dump too large, features skipped");
            return;
        }
        FeatureRecord record;
        try {
            // The series go out as they are flattened; should the features then fail, those series still stand.
            record = features.extract(
                    session, state.metadataJson(), lines, series -> forwardSeries(key, series, endTime));
        } catch (RuntimeException e) {
            counters.featuresFailed().increment();
            LOGGER.atWarn().addKeyValue("connectionId", id).setCause(e).log("feature extraction failed");
            return;
        }
        context.forward(
                new Record<>(key, FEATURES.toBytes(record), endTime, new RecordHeaders()),
                EnricherTopology.FEATURES_SINK);
    }

    private void forwardSeries(byte[] key, StatsSeries series, long timestamp) {
        counters.statsRecords().increment();
        counters.statsSamples().increment(series.samples().size());
        context.forward(
                new Record<>(key, STATS.toBytes(series), timestamp, new RecordHeaders()), EnricherTopology.STATS_SINK);
    }

    /** The dump size known before writing it: header, metadata, frames with their newlines and a close line. */
    private static long estimatedDumpBytes(ConnectionState state) {
        return DumpFormat.HEADER_LINE.length
                + state.metadataJson().length()
                + 1
                + state.frameBytes()
                + state.frameCount()
                + 32;
    }

    /** The fields of the metadata line that the session record carries; all null when the line is not JSON. */
    record DumpMetadata(String userAgent, String origin, String clientProtocol) {
        static DumpMetadata parse(String metadataJson) {
            try {
                JsonNode node = Json.MAPPER.readTree(metadataJson);
                return new DumpMetadata(text(node, "userAgent"), text(node, "origin"), text(node, "clientProtocol"));
            } catch (IOException e) {
                return new DumpMetadata(null, null, null);
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node == null ? null : node.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }
    }
}
