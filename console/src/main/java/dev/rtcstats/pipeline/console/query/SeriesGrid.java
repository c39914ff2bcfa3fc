package dev.rtcstats.pipeline.console.query;

/**
 * The time axis shared by every chart of a page: {@code points} buckets of {@code step} milliseconds from
 * {@code from} (epoch ms). Steps are round durations so the charts read naturally, never shorter than a second.
 */
public record SeriesGrid(long from, long step, int points) {
    private static final long[] STEP_SECONDS = {
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400
    };

    public SeriesGrid {
        if (step < 1_000) {
            throw new IllegalArgumentException("step must be at least 1000 ms, got " + step);
        }
        if (points < 1) {
            throw new IllegalArgumentException("points must be at least 1, got " + points);
        }
    }

    /** The coarsest useful grid from {@code start} to {@code end} with at most {@code maxPoints} buckets. */
    public static SeriesGrid covering(long start, long end, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2, got " + maxPoints);
        }
        long span = Math.max(0, end - start);
        long wanted = Math.max(1_000, ceilDiv(span, maxPoints - 1L));
        long step = 0;
        for (long seconds : STEP_SECONDS) {
            if (seconds * 1_000 >= wanted) {
                step = seconds * 1_000;
                break;
            }
        }
        if (step == 0) {
            step = ceilDiv(wanted, 86_400_000L) * 86_400_000L;
        }
        long from = Math.floorDiv(start, step) * step;
        int points = (int) ((Math.max(end, start) - from) / step) + 1;
        return new SeriesGrid(from, step, Math.min(points, maxPoints));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
