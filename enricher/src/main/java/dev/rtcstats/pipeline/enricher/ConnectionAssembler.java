package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.common.WireFormatException;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterCounters;
import dev.rtcstats.pipeline.enricher.deadletters.EnricherDeadLetterReason;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import dev.rtcstats.pipeline.enricher.replay.Selection;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events of one WebSocket connection into its rtcStats dump, session record, feature record and getStats
 * time series. The unit of assembly is the connection: a client that reconnects opens a new connection, which gets
 * its own dump and record carrying the same {@code session} tag.
 *
 * <p>This class routes events; the work is in named parts: the {@link IdleIndex} of silent connections, the
 * {@link IdleScan} that times them out, the {@link ConnectionCloser} with its {@link DumpWriter} and
 * {@link FeatureRun}, and {@link Outputs}, the one gate to the output topics and the dead letters. Frames are kept
 * one per store entry and streamed back in sequence order at close. A record that cannot be assembled (malformed,
 * oversize, over its connection's budget, a duplicate, or for a connection not open here) goes to
 * {@link Topics#DEAD_LETTERS} with its reason. Under a replay {@link Selection}, connections outside the selection
 * are dropped instead, and those still open when the replay has read its input are closed as by the timeout.
 */
final class ConnectionAssembler implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionAssembler.class);

    private final EnricherConfig config;
    private final FeatureExtraction extraction;
    private final AssemblyCounters counters;
    private final DeadLetterCounters deadLetterCounters;
    private final Selection selection;
    private final DumpPrivacy privacy;
    private final LongSupplier nanoClock;
    private final BooleanSupplier inputCaughtUp;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, ConnectionState> connections;
    private KeyValueStore<Bytes, byte[]> frames;
    private IdleIndex idle;
    private Outputs outputs;
    private ConnectionCloser closer;
    private IdleScan scan;
    private long streamTime;
    private long lastRecordAt;

    ConnectionAssembler(
            EnricherConfig config,
            FeatureExtraction extraction,
            EnricherMetrics metrics,
            Selection selection,
            DumpPrivacy privacy,
            LongSupplier nanoClock,
            BooleanSupplier inputCaughtUp) {
        this.config = config;
        this.privacy = privacy;
        this.extraction = extraction;
        this.counters = metrics.assembly();
        this.deadLetterCounters = metrics.deadLetters();
        this.selection = selection;
        this.nanoClock = nanoClock;
        this.inputCaughtUp = inputCaughtUp;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.connections = context.getStateStore(EnricherTopology.CONNECTIONS_STORE);
        this.frames = context.getStateStore(EnricherTopology.FRAMES_STORE);
        // A connection moves in the idle index at most once per quarter timeout: far fewer writes than one per
        // frame, at the price of the scan re-checking entries that look idle but are not.
        this.idle = new IdleIndex(
                context.getStateStore(EnricherTopology.IDLE_INDEX_STORE),
                config.assembly().inactivityTimeout().toMillis() / 4);
        this.outputs = new Outputs(context, config.budgets().maxRecordBytes(), deadLetterCounters);
        this.closer = new ConnectionCloser(
                connections,
                idle,
                new DumpWriter(frames, config.processingVersion(), privacy, outputs, counters),
                new FeatureRun(extraction, config.budgets(), outputs, counters, nanoClock),
                config.budgets(),
                outputs,
                counters,
                config.processingVersion());
        this.scan = new IdleScan(connections, idle, closer, config.assembly(), selection, nanoClock, inputCaughtUp);
        this.lastRecordAt = context.currentSystemTimeMs();
        context.schedule(config.assembly().punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
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
            deadLetter(record, EnricherDeadLetterReason.BAD_RECORD_FORMAT, e);
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
            case ConnectionEvent.Opened opened when state != null -> duplicate(record);
            case ConnectionEvent.Opened opened -> open(record, opened, now);
            case ConnectionEvent.FrameReceived frame
            when state == null -> stray(record, EnricherDeadLetterReason.CONNECTION_NOT_OPEN);
            case ConnectionEvent.FrameReceived frame -> store(record, frame, state, now);
            case ConnectionEvent.Closed closed
            when state == null -> stray(record, EnricherDeadLetterReason.CONNECTION_NOT_OPEN);
            case ConnectionEvent.Closed closed ->
                closeTimed(() -> closer.close(closed.connectionId(), state, new CloseReason.ClientClosed(closed)));
        }
    }

    private boolean covered() {
        return context.recordMetadata()
                .map(position -> selection.covers(position.partition(), position.offset()))
                .orElse(true);
    }

    private void open(Record<byte[], byte[]> record, ConnectionEvent.Opened opened, long now) {
        try {
            BlobKeys.forConnection(opened.connectionId());
        } catch (IllegalArgumentException e) {
            deadLetter(record, EnricherDeadLetterReason.UNUSABLE_CONNECTION_ID, e);
            return;
        }
        connections.put(
                opened.connectionId(),
                ConnectionState.opened(
                        privacy.metadataLine(opened.metadataJson(), opened.remoteAddresses()),
                        opened.tags(),
                        opened.timestamp(),
                        now));
        idle.add(opened.connectionId(), now);
        counters.opened().increment();
    }

    private void store(
            Record<byte[], byte[]> record, ConnectionEvent.FrameReceived frame, ConnectionState state, long now) {
        String id = frame.connectionId();
        int bytes = frame.payload().length;
        if (bytes > EnricherConfig.MAX_FRAME_BYTES) {
            // The frames-store changelog could not hold it; keeping it would stop the task on every retry.
            deadLetter(tagged(record, state), EnricherDeadLetterReason.OVERSIZE_FRAME, null);
            return;
        }
        FrameOrder order = FrameOrder.of(state.lastSequence(), frame.sequence());
        if (order == FrameOrder.DUPLICATE) {
            connections.put(id, idle.refresh(id, state.seenAt(now)));
            duplicate(tagged(record, state));
            return;
        }
        if (order == FrameOrder.AFTER_GAP) {
            counters.gaps().increment();
            LOGGER.atWarn()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("expected", state.lastSequence() + 1)
                    .addKeyValue("received", frame.sequence())
                    .log("frame sequence gap");
        }
        ConnectionBudgets budgets = config.budgets();
        if (state.frameCount() >= budgets.maxConnectionFrames()
                || state.frameBytes() + bytes > budgets.maxConnectionBytes()) {
            connections.put(id, idle.refresh(id, state.withDroppedFrame(frame.sequence(), now)));
            deadLetter(tagged(record, state), EnricherDeadLetterReason.CONNECTION_OVER_BUDGET, null);
            return;
        }
        frames.put(FrameKeys.frame(id, frame.sequence()), frame.payload());
        connections.put(id, idle.refresh(id, state.withFrame(frame.sequence(), bytes, frame.timestamp(), now)));
        counters.framesStored().increment();
    }

    /** A frame's record with its connection's tags, which frame records do not carry, for its dead letter. */
    private static Record<byte[], byte[]> tagged(Record<byte[], byte[]> record, ConnectionState state) {
        return record.withHeaders(ConnectionEventCodec.withTags(record.headers(), state.tags()));
    }

    private void duplicate(Record<byte[], byte[]> record) {
        counters.duplicates().increment();
        stray(record, EnricherDeadLetterReason.DUPLICATE_SEQUENCE);
    }

    /** A record that cannot join its connection; a replay, which starts mid-topic, expects those and drops them. */
    private void stray(Record<byte[], byte[]> record, EnricherDeadLetterReason reason) {
        if (selection.reportsStrays()) {
            deadLetter(record, reason, null);
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, EnricherDeadLetterReason reason, Throwable cause) {
        outputs.deadLetter(reason, cause, record.key(), record.value(), record.headers(), record.timestamp());
    }

    private void punctuate(long now) {
        closeTimed(() -> scan.run(now, lastRecordAt, streamTime));
    }

    /**
     * Runs closing work and, when it took longer than half a commit interval, asks for a commit right after it, so
     * that a transaction holds at most one expensive close or scan.
     */
    private void closeTimed(Runnable work) {
        long started = nanoClock.getAsLong();
        work.run();
        if (nanoClock.getAsLong() - started > config.kafka().commitInterval().toNanos() / 2) {
            context.commit();
        }
    }
}
