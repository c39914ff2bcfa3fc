package dev.rtcstats.pipeline.enricher.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * What a finished replay did.
 *
 * @param version        processing version written
 * @param records        frames-topic records in the replayed range
 * @param closedByClient connections emitted by this run that ended with their close record
 * @param closedAtEnd    connections emitted by this run without one (timeout, or still open at the end)
 * @param elapsed        wall-clock time of this run
 */
public record ReplaySummary(long version, long records, long closedByClient, long closedAtEnd, Duration elapsed) {

    public long connections() {
        return closedByClient + closedAtEnd;
    }

    String line() {
        return String.format(
                Locale.ROOT,
                "replay v%d done: %,d records, %,d connections emitted (%,d closed by the "
                        + "client, %,d by timeout or at the end) in %s",
                version,
                records,
                connections(),
                closedByClient,
                closedAtEnd,
                ReplayProgress.duration(elapsed));
    }
}
