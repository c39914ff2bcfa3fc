package dev.rtcstats.pipeline.enricher.replay;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replay's choice of connections: those whose open event lies in {@code [from, to)} and, when a conference is
 * given, carries that conference tag. Their frames and close count even when they lie after {@code to}; records at
 * or after the end offsets captured when the replay started are not input, so that the result does not depend on
 * live traffic arriving meanwhile. The replay runner calls {@link #finish()} once it has read up to those offsets.
 */
public final class ReplaySelection implements Selection {
    private final long fromMillis;
    private final long toMillis;
    private final String conference;
    private final Map<Integer, Long> endOffsets;
    private final AtomicBoolean finishing = new AtomicBoolean();

    /**
     * @param conference the conference tag to keep, or null for all
     * @param endOffsets frames-topic end offset per partition, captured at start; partitions not listed are not input
     */
    public ReplaySelection(Instant from, Instant to, String conference, Map<Integer, Long> endOffsets) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        this.fromMillis = from.toEpochMilli();
        this.toMillis = to.toEpochMilli();
        this.conference = conference;
        this.endOffsets = Map.copyOf(Objects.requireNonNull(endOffsets, "endOffsets"));
    }

    @Override
    public boolean covers(int partition, long offset) {
        return offset < endOffsets.getOrDefault(partition, 0L);
    }

    @Override
    public boolean selects(ConnectionEvent.Opened opened) {
        return opened.timestamp() >= fromMillis
                && opened.timestamp() < toMillis
                && (conference == null || conference.equals(opened.tags().conference()));
    }

    @Override
    public boolean reportsStrays() {
        return false;
    }

    @Override
    public boolean finishing() {
        return finishing.get();
    }

    /** All input is read: the assembler closes the connections it still holds at its next punctuation. */
    public void finish() {
        finishing.set(true);
    }
}
