package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who may connect. Token checking is on when a secret or a JWKS file is configured: {@code secret} is used as raw
 * UTF-8 bytes for HS256/384/512, and the JWKS file holds public keys for RS256/ES256, selected by {@code kid}. An
 * empty {@code allowedOrigins} accepts any {@code Origin}.
 */
public record AuthSettings(String secret, Path jwksFile, Duration clockSkew, List<String> allowedOrigins) {
    public static final AuthSettings DISABLED = new AuthSettings(null, null, Duration.ofSeconds(5), List.of());

    public AuthSettings {
        Objects.requireNonNull(clockSkew, "clockSkew");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (clockSkew.isNegative()) {
            throw new ConfigException("RTCSTATS_JWT_CLOCK_SKEW must not be negative, got " + clockSkew);
        }
        if (secret != null && secret.isEmpty()) {
            throw new ConfigException("RTCSTATS_JWT_SECRET must not be empty when set");
        }
    }

    /** An HMAC secret and the default skew, as the reference is usually configured. */
    public static AuthSettings withSecret(String secret) {
        return new AuthSettings(secret, null, DISABLED.clockSkew(), List.of());
    }

    public boolean enabled() {
        return secret != null || jwksFile != null;
    }

    boolean originAllowed(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin));
    }

    @Override
    public String toString() {
        return "AuthSettings[secret=" + (secret == null ? "none" : "***") + ", jwksFile=" + jwksFile + ", clockSkew="
                + clockSkew + ", allowedOrigins=" + allowedOrigins + "]";
    }

    static AuthSettings fromEnv(Env env) {
        return new AuthSettings(
                env.string("RTCSTATS_JWT_SECRET", null),
                jwksFile(env),
                env.duration("RTCSTATS_JWT_CLOCK_SKEW", DISABLED.clockSkew()),
                Arrays.stream(env.string("GATEWAY_ALLOWED_ORIGINS", "").split(","))
                        .map(String::strip)
                        .filter(origin -> !origin.isEmpty())
                        .toList());
    }

    private static Path jwksFile(Env env) {
        String file = env.string("RTCSTATS_JWKS_FILE", null);
        if (file == null) {
            return null;
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new ConfigException("RTCSTATS_JWKS_FILE must name a readable file, got '" + file + "'");
        }
        return path;
    }
}
