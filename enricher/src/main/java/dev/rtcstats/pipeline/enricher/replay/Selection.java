package dev.rtcstats.pipeline.enricher.replay;

import dev.rtcstats.pipeline.common.ConnectionEvent;

/**
 * Which connections the assembler builds: every connection (live ingest) or those a replay selected. A replay
 * ignores what it did not select instead of reporting it as late, and flushes what is still open once its input is
 * read.
 */
public sealed interface Selection permits Selection.Live, ReplaySelection {
    /** Live ingest: every record is input, every open is accepted, strays go to the dead letters, nothing finishes. */
    Selection LIVE = new Live();

    /** Whether the frames record at this position is input at all. */
    boolean covers(int partition, long offset);

    /** Whether this open starts a connection to assemble. */
    boolean selects(ConnectionEvent.Opened opened);

    /**
     * Whether events that cannot join their connection (not open here, or repeated) go to the dead letters (live)
     * or are dropped (replay).
     */
    boolean reportsStrays();

    /** Whether all input has been read, so that connections still open must be closed now. */
    boolean finishing();

    /** The selection of live ingest. */
    record Live() implements Selection {
        @Override
        public boolean covers(int partition, long offset) {
            return true;
        }

        @Override
        public boolean selects(ConnectionEvent.Opened opened) {
            return true;
        }

        @Override
        public boolean reportsStrays() {
            return true;
        }

        @Override
        public boolean finishing() {
            return false;
        }
    }
}
