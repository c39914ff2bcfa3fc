package dev.rtcstats.pipeline.enricher.privacy;

import dev.rtcstats.pipeline.common.AddressObfuscation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ICE candidate line read and written the way the {@code sdp} package (3.2.x) that the reference uses does it:
 * {@code parseCandidate} splits on single spaces, and {@code writeCandidate} rebuilds the line from the parsed
 * fields only, so the protocol comes out upper-cased, {@code raddr}/{@code rport} only for non-host candidates with a
 * port, {@code tcptype} only for TCP, and other extensions ({@code generation}, {@code network-id}) are dropped.
 * Fields are {@code null} where the JavaScript object has {@code undefined}.
 */
final class CandidateLine {
    private static final String SDP_PREFIX = "a=candidate:";

    private final String foundation;
    private final String component;
    private final String protocol;
    private final double priority;
    private String address;
    private String ip;
    private final double port;
    private final String type;
    private String relatedAddress;
    private Object relatedPort;
    private String tcpType;
    private String usernameFragment;
    private String ufrag;

    private CandidateLine(String[] parts) {
        foundation = parts[0];
        component = parts.length > 1 ? parts[1] : null;
        protocol = parts[2].toLowerCase(Locale.ROOT);
        priority = parts.length > 3 ? JsNumbers.parseInt(parts[3]) : Double.NaN;
        ip = parts.length > 4 ? parts[4] : null;
        address = ip;
        port = parts.length > 5 ? JsNumbers.parseInt(parts[5]) : Double.NaN;
        type = parts.length > 7 ? parts[7] : null;
        for (int i = 8; i < parts.length; i += 2) {
            String value = i + 1 < parts.length ? parts[i + 1] : null;
            switch (parts[i]) {
                case "raddr" -> relatedAddress = value;
                case "rport" -> relatedPort = value == null ? Double.NaN : JsNumbers.parseInt(value);
                case "tcptype" -> tcpType = value;
                case "ufrag" -> {
                    ufrag = value;
                    usernameFragment = value;
                }
                // Unknown extensions fill a field only while it is still undefined.
                case "relatedAddress" -> relatedAddress = relatedAddress == null ? value : relatedAddress;
                case "relatedPort" -> relatedPort = relatedPort == null ? value : relatedPort;
                case "tcpType" -> tcpType = tcpType == null ? value : tcpType;
                case "usernameFragment" -> usernameFragment = usernameFragment == null ? value : usernameFragment;
                default -> {}
            }
        }
    }

    /**
     * Parses {@code candidate:...} or {@code a=candidate:...}.
     *
     * @throws JsTypeError where {@code parseCandidate} throws (fewer than three fields)
     */
    static CandidateLine parse(String line) {
        String body = line.startsWith(SDP_PREFIX) ? line.substring(SDP_PREFIX.length()) : substring(line, 10);
        String[] parts = body.split(" ", -1);
        if (parts.length < 3) {
            throw new JsTypeError("candidate without a protocol");
        }
        return new CandidateLine(parts);
    }

    private static String substring(String text, int start) {
        return start >= text.length() ? "" : text.substring(start);
    }

    String address() {
        return address;
    }

    String type() {
        return type;
    }

    /** The reference's {@code obfuscateCandidate}: the address unless relay, and any related address. */
    CandidateLine obfuscated() {
        if (!"relay".equals(type)) {
            if (address == null) {
                throw new JsTypeError("candidate without an address");
            }
            address = AddressObfuscation.obfuscate(address);
            ip = null;
        }
        if (relatedAddress != null && !relatedAddress.isEmpty()) {
            relatedAddress = AddressObfuscation.obfuscate(relatedAddress);
        }
        return this;
    }

    /** {@code writeCandidate}: {@code candidate:} and the fields joined by spaces, undefined ones as empty text. */
    String write() {
        List<String> sdp = new ArrayList<>();
        sdp.add(foundation);
        sdp.add("rtp".equals(component) ? "1" : "rtcp".equals(component) ? "2" : component);
        sdp.add(protocol.toUpperCase(Locale.ROOT));
        sdp.add(JsNumbers.toString(priority));
        sdp.add(address != null && !address.isEmpty() ? address : ip);
        sdp.add(JsNumbers.toString(port));
        sdp.add("typ");
        sdp.add(type);
        if (!"host".equals(type) && relatedAddress != null && !relatedAddress.isEmpty() && relatedPort != null) {
            sdp.add("raddr");
            sdp.add(relatedAddress);
            sdp.add("rport");
            sdp.add(relatedPort instanceof Double number ? JsNumbers.toString(number) : (String) relatedPort);
        }
        if (tcpType != null
                && !tcpType.isEmpty()
                && protocol.toLowerCase(Locale.ROOT).equals("tcp")) {
            sdp.add("tcptype");
            sdp.add(tcpType);
        }
        String fragment = usernameFragment != null && !usernameFragment.isEmpty() ? usernameFragment : ufrag;
        if (fragment != null && !fragment.isEmpty()) {
            sdp.add("ufrag");
            sdp.add(fragment);
        }
        return "candidate:"
                + String.join(" ", sdp.stream().map(s -> s == null ? "" : s).toList());
    }
}
