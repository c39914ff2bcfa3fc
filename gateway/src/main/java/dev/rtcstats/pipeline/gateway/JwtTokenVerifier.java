package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.Tags;
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
import java.util.Map;

/**
 * Verifies rtcStats tokens as the reference does (HS256/384/512 with the shared secret, {@code exp} and {@code nbf}
 * honoured, {@code exp} optional) and, when a JWKS file is configured, RS256/ES256 tokens signed by one of its keys.
 * The {@code rtcStats.user/session/conference/tenant} claims become the connection's tags. HMAC secrets of any
 * length are accepted, as by the reference; see {@link LenientHmac}. A tag claim whose UTF-8 encoding is longer
 * than {@link #MAX_CLAIM_BYTES} refuses the token: tags travel on records and into the key columns of every table
 * row, which the sink caps at the same size, so a longer claim would cost the connection all its rows.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    /** The longest {@code user}, {@code conference}, {@code session} or {@code tenant} claim accepted, in UTF-8. */
    public static final int MAX_CLAIM_BYTES = 1024;

    private final JwtParser parser;

    public JwtTokenVerifier(AuthSettings auth, Clock clock) {
        HmacSecret secret = auth.secret() == null ? null : new HmacSecret(auth.secret());
        JwksKeys jwks = auth.jwksFile() == null ? null : new JwksKeys(auth.jwksFile());
        this.parser = Jwts.parser()
                .sig()
                .add(LenientHmac.HS256)
                .add(LenientHmac.HS384)
                .add(LenientHmac.HS512)
                .and()
                .keyLocator(new KeyByAlgorithm(secret, jwks))
                .clockSkewSeconds(auth.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    @Override
    public Authorization verify(String token) {
        if (token == null || token.isBlank()) {
            return new Authorization.Denied("missing token");
        }
        try {
            Tags tags = tags(parser.parseSignedClaims(token).getPayload());
            if (tooLong(tags.user())
                    || tooLong(tags.conference())
                    || tooLong(tags.session())
                    || tooLong(tags.tenant())) {
                return new Authorization.Denied("oversized claim");
            }
            return new Authorization.Granted(tags);
        } catch (ExpiredJwtException e) {
            return new Authorization.Denied("expired token");
        } catch (SecurityException e) {
            return new Authorization.Denied("bad signature");
        } catch (JwtException | IllegalArgumentException e) {
            return new Authorization.Denied("invalid token");
        }
    }

    private static boolean tooLong(String claim) {
        return claim != null
                && (claim.length() > MAX_CLAIM_BYTES
                        || claim.getBytes(StandardCharsets.UTF_8).length > MAX_CLAIM_BYTES);
    }

    private static Tags tags(Claims claims) {
        Object rtcStats = claims.get("rtcStats");
        if (!(rtcStats instanceof Map<?, ?> map)) {
            return Tags.NONE;
        }
        return new Tags(
                claim(map, "user"), claim(map, "conference"), claim(map, "session"), claim(map, "tenant"), null);
    }

    /** Falsy values ({@code ''}, {@code 0}, {@code false}) count as absent, as the reference's {@code x || null}. */
    private static String claim(Map<?, ?> map, String name) {
        Object value = map.get(name);
        if (value == null
                || Boolean.FALSE.equals(value)
                || (value instanceof Number number && number.doubleValue() == 0)) {
            return null;
        }
        return value instanceof String text ? text : String.valueOf(value);
    }

    /** HMAC algorithms use the shared secret; RSA and EC algorithms use the JWKS key named by {@code kid}. */
    private static final class KeyByAlgorithm extends LocatorAdapter<Key> {
        private final HmacSecret secret;
        private final JwksKeys jwks;

        KeyByAlgorithm(HmacSecret secret, JwksKeys jwks) {
            this.secret = secret;
            this.jwks = jwks;
        }

        @Override
        protected Key locate(JwsHeader header) {
            String algorithm = header.getAlgorithm();
            Key key = switch (algorithm) {
                case "HS256", "HS384", "HS512" ->
                    secret == null
                            ? null
                            : secret.keyFor(LenientHmac.valueOf(algorithm).jcaName());
                case "RS256", "ES256" -> jwks == null ? null : jwks.find(header.getKeyId());
                default -> null;
            };
            if (key == null) {
                throw new UnsupportedKeyException("no key for algorithm " + algorithm);
            }
            return key;
        }
    }

    /** No configured key fits the token's header. */
    private static final class UnsupportedKeyException extends JwtException {
        private static final long serialVersionUID = 1L;

        UnsupportedKeyException(String message) {
            super(message);
        }
    }
}
