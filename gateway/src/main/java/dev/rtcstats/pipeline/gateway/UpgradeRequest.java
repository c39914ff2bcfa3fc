package dev.rtcstats.pipeline.gateway;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway keeps of the HTTP request that opened a connection or posted an upload, read on the IO thread
 * before the upgrade so the connection handler never touches the exchange.
 *
 * @param path           request path, undecoded
 * @param query          raw query string without {@code ?}, or empty
 * @param origin         {@code Origin} header, or null
 * @param userAgent      {@code User-Agent} header, or null
 * @param forwardedFor   {@code X-Forwarded-For} header, or null
 * @param peerAddress    address of the TCP peer
 * @param clientProtocol raw {@code Sec-WebSocket-Protocol} header, or null
 */
record UpgradeRequest(
        String path,
        String query,
        String origin,
        String userAgent,
        String forwardedFor,
        String peerAddress,
        String clientProtocol) {
    static final String TOKEN_PARAMETER = "rtcstats-token";

    /** The first {@code rtcstats-token} value, decoded, or null. */
    String token() {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.equals(TOKEN_PARAMETER)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /**
     * The reference's {@code url}: path and query, where a present token is set to {@code obfuscated} the way
     * {@code URLSearchParams.set} does it: first occurrence replaced, later ones removed, the query re-serialised.
     */
    String obfuscatedUrl() {
        if (query.isEmpty()) {
            return path;
        }
        if (token() == null) {
            return path + "?" + query;
        }
        List<String> pairs = new ArrayList<>();
        boolean replaced = false;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.equals(TOKEN_PARAMETER)) {
                if (replaced) {
                    continue;
                }
                replaced = true;
                value = "obfuscated";
            }
            pairs.add(encode(name) + "=" + encode(value));
        }
        return path + "?" + String.join("&", pairs);
    }

    /** X-Forwarded-For entries as the reference splits them (not trimmed), else the peer address. */
    List<String> remoteAddresses() {
        if (forwardedFor != null) {
            return List.of(forwardedFor.split(",", -1));
        }
        return List.of(peerAddress);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
