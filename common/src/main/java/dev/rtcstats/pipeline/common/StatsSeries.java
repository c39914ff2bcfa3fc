package dev.rtcstats.pipeline.common;

import java.util.List;
import java.util.Objects;

/**
 * Format version 1 of {@link Topics#STATS}: part of the getStats time series of one connection, one sample per
 * numeric value of a decompressed report. A connection's series is split over several records of at most a few
 * thousand samples each; their order carries no meaning, and a replay sends the same samples again.
 */
public record StatsSeries(
        int format,
        String connectionId,
        String user,
        String conference,
        String session,
        String tenant,
        long startTime,
        long processingVersion,
        List<Sample> samples) {
    public static final int FORMAT = 1;

    public StatsSeries {
        Objects.requireNonNull(connectionId, "connectionId");
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /**
     * One value of one report: {@code peerConnection} is the PeerConnection id ({@code PC_0}), {@code reportId} the
     * report id as the dump carries it, {@code type} the RTCStats type, {@code metric} the property name (nested
     * objects as {@code outer.inner}) and {@code timestamp} the report's time in epoch milliseconds.
     */
    public record Sample(
            String peerConnection, String reportId, String type, String metric, long timestamp, double value) {}
}
