package dev.rtcstats.pipeline.console.auth;

import dev.rtcstats.pipeline.console.ConsoleConfig;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.SecurityException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies analyst tokens with jjwt, as the gateway verifies client tokens: HS256/384/512 with the configured secret
 * (jjwt's own algorithms, so the key must be as long as the hash), or RS/PS/ES tokens signed by a key of the JWKS
 * file named by {@code kid}. Unlike client tokens, an analyst token must carry {@code exp} and a string tenant claim.
 */
public final class AnalystTokenVerifier {
    private final JwtParser parser;
    private final String tenantClaim;

    public AnalystTokenVerifier(ConsoleConfig.Auth auth, Clock clock) {
        this.tenantClaim = auth.tenantClaim();
        byte[] secret = auth.secret() == null ? null : auth.secret().getBytes(StandardCharsets.UTF_8);
        JwksKeys jwks = auth.jwksFile() == null ? null : new JwksKeys(auth.jwksFile());
        this.parser = Jwts.parser()
                .keyLocator(new KeyByAlgorithm(secret, jwks))
                .clockSkewSeconds(auth.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    public Access verify(String token) {
        if (token == null || token.isBlank()) {
            return new Access.Denied(Access.Reason.MISSING);
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (ExpiredJwtException e) {
            return new Access.Denied(Access.Reason.EXPIRED);
        } catch (SecurityException e) {
            return new Access.Denied(Access.Reason.BAD_SIGNATURE);
        } catch (JwtException | IllegalArgumentException e) {
            return new Access.Denied(Access.Reason.INVALID);
        }
        if (claims.getExpiration() == null) {
            return new Access.Denied(Access.Reason.INVALID);
        }
        if (!(claims.get(tenantClaim) instanceof String tenant)) {
            return new Access.Denied(Access.Reason.NO_TENANT);
        }
        return new Access.Granted(
                new Analyst(claims.getSubject(), tenant, claims.getExpiration().toInstant()));
    }

    /** HMAC algorithms use the shared secret; public-key algorithms use the JWKS key named by {@code kid}. */
    private static final class KeyByAlgorithm extends LocatorAdapter<Key> {
        private final byte[] secret;
        private final JwksKeys jwks;

        KeyByAlgorithm(byte[] secret, JwksKeys jwks) {
            this.secret = secret;
            this.jwks = jwks;
        }

        @Override
        protected Key locate(JwsHeader header) {
            String algorithm = String.valueOf(header.getAlgorithm());
            Key key = switch (algorithm) {
                case "HS256", "HS384", "HS512" ->
                    secret == null ? null : new SecretKeySpec(secret, "HmacSHA" + algorithm.substring(2));
                case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" ->
                    jwks == null ? null : jwks.find(header.getKeyId());
                default -> null;
            };
            if (key == null) {
                throw new NoKeyException("no key for algorithm " + algorithm);
            }
            return key;
        }
    }

    /** No configured key fits the token's header. */
    private static final class NoKeyException extends JwtException {
        private static final long serialVersionUID = 1L;

        NoKeyException(String message) {
            super(message);
        }
    }
}
