package dev.rtcstats.pipeline.common;

import java.util.List;
import java.util.Objects;

/**
 * Format version 1 of {@link Topics#STATS}: part of the getStats time series of one connection, one sample per
 * numeric value of a decompressed report. A connection's series is split over several records of at most a few
 * thousand samples each; their order carries no meaning, and a replay sends the same samples again. The samples of
 * one report at one time (same {@code peerConnection}, {@code reportId}, {@code type} and {@code timestamp}) are all
 * in one record, next to each other: the sink stores them as one row, and a second record with the same report and
 * time would replace that row. Producers bound a record by its encoded size ({@link #headerBytes()} plus
 * {@link Sample#encodedBytes()} per sample), so it always fits the topic's {@code max.message.bytes}.
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

    /** Bytes of JSON a record takes besides its samples, at most, for numbers of any size: field names and braces. */
    private static final int HEADER_OVERHEAD_BYTES = 200;
    /** Bytes of JSON a sample takes besides its four strings, at most: names, quotes, a long and a double. */
    private static final int SAMPLE_OVERHEAD_BYTES = 128;

    public StatsSeries {
        Objects.requireNonNull(connectionId, "connectionId");
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** An upper bound of the encoded size of this record without its samples. */
    public int headerBytes() {
        return HEADER_OVERHEAD_BYTES
                + jsonBytes(connectionId)
                + jsonBytes(user)
                + jsonBytes(conference)
                + jsonBytes(session)
                + jsonBytes(tenant);
    }

    /**
     * An upper bound of the bytes {@code text} takes in a JSON string as {@link Json#MAPPER} writes it: control
     * characters and surrogates escaped in six bytes, quotes and backslashes escaped, the rest as UTF-8.
     */
    public static int jsonBytes(String text) {
        if (text == null) {
            return 4;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
                bytes += 6; // Jackson escapes surrogates too (COMBINE_UNICODE_SURROGATES_IN_UTF8 is off)
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * One value of one report: {@code peerConnection} is the PeerConnection id ({@code PC_0}), {@code reportId} the
     * report id as the dump carries it, {@code type} the RTCStats type, {@code metric} the property name (nested
     * objects as {@code outer.inner}) and {@code timestamp} the report's time in epoch milliseconds.
     */
    public record Sample(
            String peerConnection, String reportId, String type, String metric, long timestamp, double value) {
        /** An upper bound of this sample's encoded size within a record, separator included. */
        public int encodedBytes() {
            return SAMPLE_OVERHEAD_BYTES
                    + jsonBytes(peerConnection)
                    + jsonBytes(reportId)
                    + jsonBytes(type)
                    + jsonBytes(metric);
        }
    }
}
