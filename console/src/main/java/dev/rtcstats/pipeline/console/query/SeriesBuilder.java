package dev.rtcstats.pipeline.console.query;

/** Collects the buckets of one connection into the arrays of a {@link ParticipantSeries}, rounding for the wire. */
final class SeriesBuilder {
    /** In the order of {@code TimeSeriesQueries.Bucket.limitationSeconds}. */
    private static final String[] LIMITATIONS = {"none", "cpu", "bandwidth", "other"};

    private final Double[] bitrateIn;
    private final Double[] bitrateOut;
    private final Double[] rttMs;
    private final Double[] lossPercent;
    private final Double[] jitterMs;
    private final Double[] fpsIn;
    private final Double[] fpsOut;
    private final String[] qualityLimitation;

    SeriesBuilder(int points) {
        bitrateIn = new Double[points];
        bitrateOut = new Double[points];
        rttMs = new Double[points];
        lossPercent = new Double[points];
        jitterMs = new Double[points];
        fpsIn = new Double[points];
        fpsOut = new Double[points];
        qualityLimitation = new String[points];
    }

    void add(TimeSeriesQueries.Bucket bucket) {
        int i = (int) bucket.index();
        bitrateIn[i] = round(bucket.bitrateIn(), 1);
        bitrateOut[i] = round(bucket.bitrateOut(), 1);
        rttMs[i] = round(bucket.rttMs(), 10);
        jitterMs[i] = round(bucket.jitterMs(), 10);
        fpsIn[i] = round(bucket.fpsIn(), 10);
        fpsOut[i] = round(bucket.fpsOut(), 10);
        if (bucket.lost() != null && bucket.received() != null && bucket.lost() + bucket.received() > 0) {
            lossPercent[i] = round(100 * bucket.lost() / (bucket.lost() + bucket.received()), 100);
        }
        qualityLimitation[i] = dominant(bucket.limitationSeconds());
    }

    ParticipantSeries build() {
        return ParticipantSeries.of(
                bitrateIn, bitrateOut, rttMs, lossPercent, jitterMs, fpsIn, fpsOut, qualityLimitation);
    }

    private static String dominant(double[] seconds) {
        int best = -1;
        for (int i = 0; i < seconds.length; i++) {
            if (seconds[i] > 0 && (best < 0 || seconds[i] > seconds[best])) {
                best = i;
            }
        }
        return best < 0 ? null : LIMITATIONS[best];
    }

    private static Double round(Double value, int scale) {
        return value == null ? null : Math.round(value * scale) / (double) scale;
    }
}
