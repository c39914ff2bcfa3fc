package dev.rtcstats.pipeline.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.console.ConsoleConfig;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.RsaPrivateJwk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalystTokenVerifierTest {
    private static final String SECRET = "a-console-secret-of-at-least-32-bytes";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path temp;

    private static AnalystTokenVerifier verifier(String secret, Path jwks) {
        return new AnalystTokenVerifier(
                new ConsoleConfig.Auth(secret, jwks, Duration.ofSeconds(5), "tenant", true), CLOCK);
    }

    @Test
    void shouldGrantAMintedTokenWithItsTenant() {
        // Given
        String token = MintAnalystToken.mint(SECRET, "tenant", "acme", "ana", Duration.ofHours(1), NOW);

        // When
        Access access = verifier(SECRET, null).verify(token);

        // Then
        assertThat(access).isEqualTo(new Access.Granted(new Analyst("ana", "acme", NOW.plus(Duration.ofHours(1)))));
    }

    @Test
    void shouldGrantTheEmptyTenantOfDataSentWithoutTenantClaim() {
        // Given
        String token = MintAnalystToken.mint(SECRET, "tenant", "", "ana", Duration.ofHours(1), NOW);

        // When
        Access access = verifier(SECRET, null).verify(token);

        // Then
        assertThat(access)
                .isInstanceOfSatisfying(
                        Access.Granted.class,
                        granted -> assertThat(granted.analyst().tenant()).isEmpty());
    }

    @Test
    void shouldDenyExpiredTokensBeyondTheClockSkew() {
        // Given
        String token =
                MintAnalystToken.mint(SECRET, "tenant", "acme", "ana", Duration.ofMinutes(1), NOW.minusSeconds(70));

        // When
        Access access = verifier(SECRET, null).verify(token);

        // Then
        assertThat(access).isEqualTo(new Access.Denied(Access.Reason.EXPIRED));
    }

    @Test
    void shouldDenyATenantClaimThatIsNotAString() {
        // Given
        String token = Jwts.builder()
                .claim("tenant", 42)
                .expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)))
                .compact();

        // When
        Access access = verifier(SECRET, null).verify(token);

        // Then
        assertThat(access).isEqualTo(new Access.Denied(Access.Reason.NO_TENANT));
    }

    @Test
    void shouldDenyAnHmacTokenWhenOnlyAJwksFileIsConfigured() throws Exception {
        // Given
        Path jwks = jwksFile(rsaJwk(Jwts.SIG.RS256.keyPair().build()));
        String token = MintAnalystToken.mint(SECRET, "tenant", "acme", "ana", Duration.ofHours(1), NOW);

        // When
        Access access = verifier(null, jwks).verify(token);

        // Then
        assertThat(access).isEqualTo(new Access.Denied(Access.Reason.INVALID));
    }

    @Test
    void shouldGrantAnRs256TokenSignedByTheKeyItsKidNames() throws Exception {
        // Given
        KeyPair pair = Jwts.SIG.RS256.keyPair().build();
        RsaPrivateJwk jwk = rsaJwk(pair);
        Path jwks = jwksFile(jwk);
        String token = Jwts.builder()
                .header()
                .keyId(jwk.getId())
                .and()
                .subject("ana")
                .claim("tenant", "acme")
                .expiration(Date.from(NOW.plusSeconds(600)))
                .signWith(pair.getPrivate(), Jwts.SIG.RS256)
                .compact();
        String forged = Jwts.builder()
                .header()
                .keyId(jwk.getId())
                .and()
                .claim("tenant", "acme")
                .expiration(Date.from(NOW.plusSeconds(600)))
                .signWith(Jwts.SIG.RS256.keyPair().build().getPrivate(), Jwts.SIG.RS256)
                .compact();

        // When
        Access access = verifier(null, jwks).verify(token);
        Access forgedAccess = verifier(null, jwks).verify(forged);

        // Then
        assertThat(access).isInstanceOf(Access.Granted.class);
        assertThat(forgedAccess).isEqualTo(new Access.Denied(Access.Reason.BAD_SIGNATURE));
    }

    private Path jwksFile(RsaPrivateJwk jwk) throws Exception {
        Path file = temp.resolve("jwks.json");
        Files.writeString(file, "{\"keys\":[" + Jwks.json(jwk.toPublicJwk()) + "]}");
        return file;
    }

    private static RsaPrivateJwk rsaJwk(KeyPair pair) {
        return Jwks.builder().rsaKeyPair(pair).idFromThumbprint().build();
    }
}
