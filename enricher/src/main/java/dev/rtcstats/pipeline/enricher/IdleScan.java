package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.enricher.replay.Selection;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The assembler's punctuation: closes connections that have been silent for longer than the inactivity timeout,
 * both by the wall clock and, while records are flowing, by stream time (so that a lagging or restarted task does
 * not time out connections whose frames are still waiting in the topic). The wall clock alone closes a connection
 * only while the task receives nothing and the instance has read its input to the end ({@code inputCaughtUp}): a
 * task that receives nothing because the broker is away, or while it catches up, closes nothing by the wall clock. Once a replay has read its input, it closes
 * every connection still open instead. One run closes at most {@code maxClosesPerPunctuation} connections and starts
 * no close after {@code maxPunctuationTime}, which bounds the transaction it runs in.
 */
final class IdleScan {
    private final KeyValueStore<String, ConnectionState> connections;
    private final IdleIndex idle;
    private final ConnectionCloser closer;
    private final AssemblySettings settings;
    private final Selection selection;
    private final LongSupplier nanoClock;
    private final BooleanSupplier inputCaughtUp;
    private final CloseReason.TimedOut timedOut;

    IdleScan(
            KeyValueStore<String, ConnectionState> connections,
            IdleIndex idle,
            ConnectionCloser closer,
            AssemblySettings settings,
            Selection selection,
            LongSupplier nanoClock,
            BooleanSupplier inputCaughtUp) {
        this.connections = connections;
        this.idle = idle;
        this.closer = closer;
        this.settings = settings;
        this.selection = selection;
        this.nanoClock = nanoClock;
        this.inputCaughtUp = inputCaughtUp;
        this.timedOut = new CloseReason.TimedOut(settings.inactivityTimeout().toMillis());
    }

    /**
     * @param now          wall-clock time of this run
     * @param lastRecordAt wall-clock time the task last received a record
     * @param streamTime   the largest event time the task has seen
     */
    void run(long now, long lastRecordAt, long streamTime) {
        long timeout = timedOut.timeoutMillis();
        boolean finishing = selection.finishing();
        long cutoff = finishing ? Long.MAX_VALUE : now - timeout;
        boolean quiet = finishing || (now - lastRecordAt > timeout && inputCaughtUp.getAsBoolean());
        long deadline = nanoClock.getAsLong() + settings.maxPunctuationTime().toNanos();
        for (IdleIndex.Entry entry : idle.due(cutoff, settings.maxClosesPerPunctuation())) {
            if (nanoClock.getAsLong() - deadline > 0) {
                return;
            }
            ConnectionState state = connections.get(entry.connectionId());
            if (!entry.isCurrentFor(state)) {
                idle.remove(entry);
            } else if (state.lastSeenAt() > cutoff) {
                connections.put(entry.connectionId(), idle.move(entry.connectionId(), state, state.lastSeenAt()));
            } else if (!quiet && streamTime - state.lastFrameAt() <= timeout) {
                // Behind in the topic: look again one timeout from now rather than block the head of the index.
                connections.put(entry.connectionId(), idle.move(entry.connectionId(), state, now));
            } else {
                closer.close(entry.connectionId(), state, timedOut);
            }
        }
    }
}
