package dev.rtcstats.pipeline.console.query;

import java.util.List;

/**
 * One connection of a conference with what the timeline and the table show: join and leave (server time, epoch ms),
 * how it closed, browser and operating system, and its peer connections' features.
 *
 * @param closedBy {@code client} when the socket closed, {@code timeout} when the pipeline gave up waiting
 * @param dump     whether a dump can be downloaded for it
 */
public record Participant(
        String connectionId,
        String user,
        String session,
        long start,
        long end,
        int closeCode,
        String closedBy,
        String browser,
        String operatingSystem,
        String userAgent,
        String origin,
        String gateway,
        long messages,
        long dumpBytes,
        boolean dump,
        List<PeerConnectionSummary> peerConnections) {
    public Participant {
        peerConnections = List.copyOf(peerConnections);
    }
}
