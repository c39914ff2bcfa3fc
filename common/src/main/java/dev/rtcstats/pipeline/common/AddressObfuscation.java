package dev.rtcstats.pipeline.common;

import java.util.Arrays;
import java.util.Set;

/**
 * The reference's {@code obfuscateIpOrAddress}, used by the gateway for the metadata line's remote addresses and by
 * the enricher for the addresses inside a dump: keeps loopback and any-addresses, cuts IPv6 after three groups
 * (without inserting a colon, as the reference does) and replaces the last IPv4 octet with {@code x}. Anything else
 * (host names, mDNS names) is returned unchanged.
 */
public final class AddressObfuscation {
    private static final Set<String> KEPT = Set.of("::1", "127.0.0.1", "0.0.0.0");

    private AddressObfuscation() {}

    public static String obfuscate(String address) {
        if (KEPT.contains(address)) {
            return address;
        }
        if (address.contains(":")) {
            String[] parts = address.split(":", -1);
            return String.join(":", Arrays.copyOf(parts, Math.min(3, parts.length))) + "x:x:x:x:x:x";
        }
        String[] octets = address.split("\\.", -1);
        if (octets.length == 4) {
            return octets[0] + "." + octets[1] + "." + octets[2] + ".x";
        }
        return address;
    }
}
