package dev.rtcstats.pipeline.console.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints an HS256 analyst token for the console: {@code --secret} (or CONSOLE_JWT_SECRET), {@code --tenant} (may be
 * empty: the data sent without a tenant claim), {@code --subject}, {@code --lifetime} in seconds (8 hours by default)
 * and {@code --tenant-claim} when the console's CONSOLE_TENANT_CLAIM is not {@code tenant}.
 */
public final class MintAnalystToken {
    private MintAnalystToken() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            out.println(run(args, System.getenv("CONSOLE_JWT_SECRET"), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: MintAnalystToken --secret S --tenant T [--subject WHO] [--lifetime SECONDS] "
                    + "[--tenant-claim NAME]");
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
            throw new IllegalArgumentException("a secret is required: --secret or CONSOLE_JWT_SECRET");
        }
        String tenant = options.get("tenant");
        if (tenant == null) {
            throw new IllegalArgumentException("--tenant is required (use --tenant '' for data without a tenant)");
        }
        long lifetime;
        try {
            lifetime = Long.parseLong(options.getOrDefault("lifetime", "28800"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lifetime must be a number of seconds");
        }
        return mint(
                secret,
                options.getOrDefault("tenant-claim", "tenant"),
                tenant,
                options.getOrDefault("subject", "analyst"),
                Duration.ofSeconds(lifetime),
                clock.instant());
    }

    /** Signs {@code {"sub", tenantClaim: tenant, "iat", "exp"}} with HS256 and the UTF-8 secret. */
    public static String mint(
            String secret, String tenantClaim, String tenant, String subject, Duration lifetime, Instant now) {
        return Jwts.builder()
                .subject(subject)
                .claim(tenantClaim, tenant)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }
}
