package dev.rtcstats.pipeline.gateway;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the token check the configuration asks for, and warns about weak choices once at start. */
final class TokenVerifiers {
    private static final Logger LOGGER = LoggerFactory.getLogger(TokenVerifiers.class);

    private TokenVerifiers() {}

    static TokenVerifier of(AuthSettings auth, Clock clock) {
        if (!auth.enabled()) {
            LOGGER.atWarn()
                    .log("RTCSTATS_JWT_SECRET and RTCSTATS_JWKS_FILE are unset: authorisation is DISABLED, "
                            + "every connection is accepted");
            return TokenVerifier.disabled();
        }
        if (auth.secret() != null && new HmacSecret(auth.secret()).isShorterThan(256)) {
            LOGGER.atWarn()
                    .log("RTCSTATS_JWT_SECRET is shorter than 32 bytes; accepted for compatibility with "
                            + "the reference server, but a longer secret is recommended (RFC 7518 section 3.2)");
        }
        return new JwtTokenVerifier(auth, clock);
    }
}
