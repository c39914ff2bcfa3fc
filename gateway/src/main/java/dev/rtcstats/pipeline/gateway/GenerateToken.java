package dev.rtcstats.pipeline.gateway;

import io.jsonwebtoken.Jwts;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints an HS256 rtcStats token, like the reference's {@code generate-token}: {@code --secret} (or
 * RTCSTATS_JWT_SECRET), optional {@code --user --session --conference --tenant}, {@code --lifetime} in seconds
 * (600 by default) and {@code --url} to print a ready WebSocket URL instead of the bare token.
 */
public final class GenerateToken {
    private GenerateToken() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            out.println(run(args, System.getenv("RTCSTATS_JWT_SECRET"), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: GenerateToken --secret S [--user U] [--session S] [--conference C] "
                    + "[--tenant T] [--lifetime SECONDS] [--url ws://host:port/path]");
            System.exit(2);
        }
    }

    static String run(String[] args, String secretFromEnv, Clock clock) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String secret = options.getOrDefault("secret", secretFromEnv);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a secret is required: --secret or RTCSTATS_JWT_SECRET");
        }
        long lifetime;
        try {
            lifetime = Long.parseLong(options.getOrDefault("lifetime", "600"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lifetime must be a number of seconds");
        }
        String token = mint(secret, claims(options), Duration.ofSeconds(lifetime), clock.instant());
        String url = options.get("url");
        return url == null
                ? token
                : url + "/?" + UpgradeRequest.TOKEN_PARAMETER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Signs {@code {"rtcStats": claims, "iat", "exp"}} with the raw UTF-8 secret. */
    public static String mint(String secret, Map<String, String> claims, Duration lifetime, Instant now) {
        return Jwts.builder()
                .claim("rtcStats", claims)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)))
                .signWith(new HmacSecret(secret).keyFor(LenientHmac.HS256.jcaName()), LenientHmac.HS256)
                .compact();
    }

    private static Map<String, String> claims(Map<String, String> options) {
        Map<String, String> claims = new LinkedHashMap<>();
        for (String name : new String[] {"user", "session", "conference", "tenant"}) {
            if (options.containsKey(name)) {
                claims.put(name, options.get(name));
            }
        }
        return claims;
    }
}
