package dev.rtcstats.pipeline.console.query;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The chart values of one participant on a {@link SeriesGrid}: one entry per bucket, null where the participant sent
 * nothing for that metric. Bitrates are bit/s summed over all RTP streams of every peer connection; round-trip
 * time, jitter and frame rates are the worst (largest) stream in the bucket; loss is the share of inbound packets
 * lost; {@code qualityLimitation} is the reason that took most of the bucket's outbound encoding time.
 */
public record ParticipantSeries(
        List<Double> bitrateIn,
        List<Double> bitrateOut,
        List<Double> rttMs,
        List<Double> lossPercent,
        List<Double> jitterMs,
        List<Double> fpsIn,
        List<Double> fpsOut,
        List<String> qualityLimitation) {

    static ParticipantSeries of(
            Double[] bitrateIn,
            Double[] bitrateOut,
            Double[] rttMs,
            Double[] lossPercent,
            Double[] jitterMs,
            Double[] fpsIn,
            Double[] fpsOut,
            String[] qualityLimitation) {
        return new ParticipantSeries(
                nullable(bitrateIn),
                nullable(bitrateOut),
                nullable(rttMs),
                nullable(lossPercent),
                nullable(jitterMs),
                nullable(fpsIn),
                nullable(fpsOut),
                nullable(qualityLimitation));
    }

    /** {@code List.of} refuses nulls, and a gap in a chart is a null. */
    private static <T> List<T> nullable(T[] values) {
        return Collections.unmodifiableList(Arrays.asList(values.clone()));
    }
}
