package dev.rtcstats.pipeline.enricher.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * One progress reading of a running replay.
 *
 * @param version     the replay's processing version
 * @param done        records of the range read and committed
 * @param total       records of the range
 * @param connections connections emitted by this run
 * @param eta         estimated time left, or null before there is a rate to estimate from
 */
record ReplayProgress(long version, long done, long total, long connections, Duration eta) {

    /** A reading whose ETA extrapolates the rate of this run: {@code doneThisRun} records in {@code elapsed}. */
    static ReplayProgress of(
            long version, long done, long total, long connections, long doneThisRun, Duration elapsed) {
        Duration eta = doneThisRun <= 0
                ? null
                : Duration.ofMillis((long) ((double) elapsed.toMillis() * (total - done) / doneThisRun));
        return new ReplayProgress(version, done, total, connections, eta);
    }

    int percent() {
        return total == 0 ? 100 : (int) (100 * done / total);
    }

    /** {@code replay v2: 63% (1,234,567 / 1,950,000 records), 412 connections emitted, ETA 1m20s}. */
    String line() {
        return String.format(
                Locale.ROOT,
                "replay v%d: %d%% (%,d / %,d records), %,d connections emitted, ETA %s",
                version,
                percent(),
                done,
                total,
                connections,
                eta == null ? "unknown" : duration(eta));
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
}
