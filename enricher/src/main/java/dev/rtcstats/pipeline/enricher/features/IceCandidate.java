package dev.rtcstats.pipeline.enricher.features;

/**
 * The parts of an ICE candidate line ({@code candidate:...} or {@code a=candidate:...}) the features need.
 * Parsing follows the SDP grammar positions; {@code tcpType} is null unless a {@code tcptype} attribute is present.
 */
record IceCandidate(String address, String type, String tcpType) {
    private static final int TYPE_INDEX = 7;

    /** The parsed candidate, or {@code null} for text that is not a candidate line. */
    static IceCandidate parse(String line) {
        if (line == null) {
            return null;
        }
        String body = line.startsWith("a=candidate:")
                ? line.substring(12)
                : line.startsWith("candidate:") ? line.substring(10) : null;
        if (body == null) {
            return null;
        }
        String[] parts = body.strip().split(" ");
        if (parts.length <= TYPE_INDEX) {
            return null;
        }
        String tcpType = null;
        for (int i = TYPE_INDEX + 1; i + 1 < parts.length; i += 2) {
            if (parts[i].equals("tcptype")) {
                tcpType = parts[i + 1];
            }
        }
        return new IceCandidate(parts[4], parts[TYPE_INDEX], tcpType);
    }

    boolean isType(String candidateType) {
        return candidateType.equals(type);
    }

    boolean isMdns() {
        return isType("host") && address.endsWith(".local");
    }
}
