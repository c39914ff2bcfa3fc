package dev.rtcstats.pipeline.gateway;

/**
 * The reference's {@code obfuscateIpOrAddress}: keeps loopback and any-addresses, cuts IPv6 after three groups
 * (without inserting a colon, as the reference does) and replaces the last IPv4 octet with {@code x}. Anything else
 * (host names, mDNS names) is returned unchanged.
 */
final class AddressObfuscator {
    private AddressObfuscator() {}

    static String obfuscate(String address) {
        if (address.equals("::1") || address.equals("127.0.0.1") || address.equals("0.0.0.0")) {
            return address;
        }
        if (address.contains(":")) {
            String[] parts = address.split(":", -1);
            return String.join(":", java.util.Arrays.copyOf(parts, Math.min(3, parts.length))) + "x:x:x:x:x:x";
        }
        String[] octets = address.split("\\.", -1);
        if (octets.length == 4) {
            return octets[0] + "." + octets[1] + "." + octets[2] + ".x";
        }
        return address;
    }
}
