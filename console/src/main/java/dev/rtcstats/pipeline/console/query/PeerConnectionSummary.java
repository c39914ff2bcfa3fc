package dev.rtcstats.pipeline.console.query;

import java.util.List;

/**
 * The connection features of one RTCPeerConnection ({@code PC_0}, ...) of a participant, from
 * {@code features_connection}: null means the feature is undefined for that dump.
 *
 * @param turn     the first selected candidate pair used a relay (TURN) candidate on either side
 * @param failures what went wrong, in words: failed SDP or candidate calls, never connected
 */
public record PeerConnectionSummary(
        String id,
        Boolean connected,
        Long iceConnectionTimeMs,
        Long connectionTimeMs,
        String localCandidateType,
        String remoteCandidateType,
        String localProtocol,
        String relayProtocol,
        boolean turn,
        Double stunRoundTripMs,
        Boolean iceRestart,
        List<String> failures) {
    public PeerConnectionSummary {
        failures = List.copyOf(failures);
    }
}
