package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.Tags;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static JwtTokenVerifier hmacVerifier(String secret) {
        return new JwtTokenVerifier(new AuthSettings(secret, null, Duration.ofSeconds(5), java.util.List.of()), CLOCK);
    }

    /** Built without jjwt, as jsonwebtoken would: proves short secrets are accepted like the reference does. */
    private static String handMadeHs256(String secret, String payloadJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldGrantWithClaimsWhenShortSecretSignedLikeTheReference() throws Exception {
        // Given
        String token = handMadeHs256(
                "testSecret",
                "{\"rtcStats\":{\"user\":\"u1\",\"session\":\"s1\",\"conference\":\"c1\",\"tenant\":\"t1\"},"
                        + "\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 600) + "}");

        // When
        Authorization result = hmacVerifier("testSecret").verify(token);

        // Then
        assertThat(result).isEqualTo(new Authorization.Granted(new Tags("u1", "c1", "s1", "t1", null)));
    }

    @Test
    void shouldDenyWhenAClaimIsLongerThanTheSinksKeyColumnsInUtf8() throws Exception {
        // Given: 1,000 characters, but 3,000 bytes in UTF-8; and 1,024 one-byte characters, exactly the limit
        String multiByte = handMadeHs256(
                "testSecret", "{\"rtcStats\":{\"user\":\"" + "\u20ac".repeat(1000) + "\",\"conference\":\"c1\"}}");
        String atLimit = handMadeHs256(
                "testSecret", "{\"rtcStats\":{\"user\":\"" + "u".repeat(1024) + "\",\"conference\":\"c1\"}}");

        // When
        Authorization multiByteResult = hmacVerifier("testSecret").verify(multiByte);
        Authorization atLimitResult = hmacVerifier("testSecret").verify(atLimit);

        // Then
        assertThat(multiByteResult).isEqualTo(new Authorization.Denied("oversized claim"));
        assertThat(atLimitResult)
                .isEqualTo(new Authorization.Granted(new Tags("u".repeat(1024), "c1", null, null, null)));
    }

    @Test
    void shouldGrantWithoutExpiryWhenTokenHasNoExp() throws Exception {
        // Given
        String token = handMadeHs256("testSecret", "{\"rtcStats\":{\"user\":\"\"}}");

        // When
        Authorization result = hmacVerifier("testSecret").verify(token);

        // Then
        assertThat(result).isEqualTo(new Authorization.Granted(Tags.NONE));
    }

    @Test
    void shouldDenyWhenSignedWithAnotherSecret() {
        // Given
        String token = GenerateToken.mint("testSecretinvalid", Map.of("user", "testUser"), Duration.ofMinutes(10), NOW);

        // When
        Authorization result = hmacVerifier("testSecret").verify(token);

        // Then
        assertThat(result).isInstanceOf(Authorization.Denied.class);
    }

    @Test
    void shouldDenyWhenTokenMissing() {
        assertThat(hmacVerifier("testSecret").verify(null)).isEqualTo(new Authorization.Denied("missing token"));
    }

    @Test
    void shouldDenyWhenTokenIsGarbage() {
        assertThat(hmacVerifier("testSecret").verify("not.a.jwt")).isInstanceOf(Authorization.Denied.class);
    }

    @Test
    void shouldDenyWhenExpiredBeyondSkew() {
        // Given
        String token = GenerateToken.mint("testSecret", Map.of(), Duration.ofSeconds(60), NOW.minusSeconds(66));

        // When
        Authorization result = hmacVerifier("testSecret").verify(token);

        // Then
        assertThat(result).isEqualTo(new Authorization.Denied("expired token"));
    }

    @Test
    void shouldGrantWhenExpiredWithinSkew() {
        // Given
        String token = GenerateToken.mint("testSecret", Map.of(), Duration.ofSeconds(60), NOW.minusSeconds(63));

        // When
        Authorization result = hmacVerifier("testSecret").verify(token);

        // Then
        assertThat(result).isInstanceOf(Authorization.Granted.class);
    }

    @Test
    void shouldGrantWhenSignedWithHs512AndLongSecret() {
        // Given
        String secret = "x".repeat(64);
        String token = Jwts.builder()
                .claim("rtcStats", Map.of("conference", "c"))
                .expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"), Jwts.SIG.HS512)
                .compact();

        // When
        Authorization result = hmacVerifier(secret).verify(token);

        // Then
        assertThat(result).isEqualTo(new Authorization.Granted(new Tags(null, "c", null, null, null)));
    }

    @Test
    void shouldGrantRs256AndEs256ByKidWhenKeysAreInTheJwksFile() throws Exception {
        // Given
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        PublicJwk<?> rsaJwk = Jwks.builder()
                .key((java.security.interfaces.RSAPublicKey) rsa.getPublic())
                .id("rsa-1")
                .build();
        PublicJwk<?> ecJwk = Jwks.builder()
                .key((java.security.interfaces.ECPublicKey) ec.getPublic())
                .id("ec-1")
                .build();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, "{\"keys\":[" + Jwks.json(rsaJwk) + "," + Jwks.json(ecJwk) + "]}");
        JwtTokenVerifier verifier =
                new JwtTokenVerifier(new AuthSettings(null, jwks, Duration.ZERO, java.util.List.of()), CLOCK);
        String rsaToken = Jwts.builder()
                .header()
                .keyId("rsa-1")
                .and()
                .claim("rtcStats", Map.of("user", "r"))
                .signWith(rsa.getPrivate(), Jwts.SIG.RS256)
                .compact();
        String ecToken = Jwts.builder()
                .header()
                .keyId("ec-1")
                .and()
                .claim("rtcStats", Map.of("user", "e"))
                .signWith(ec.getPrivate(), Jwts.SIG.ES256)
                .compact();
        String unknownKid = Jwts.builder()
                .header()
                .keyId("other")
                .and()
                .claim("rtcStats", Map.of("user", "r"))
                .signWith(rsa.getPrivate(), Jwts.SIG.RS256)
                .compact();

        // When
        Authorization rsaResult = verifier.verify(rsaToken);
        Authorization ecResult = verifier.verify(ecToken);
        Authorization unknownResult = verifier.verify(unknownKid);

        // Then
        assertThat(rsaResult).isEqualTo(new Authorization.Granted(new Tags("r", null, null, null, null)));
        assertThat(ecResult).isEqualTo(new Authorization.Granted(new Tags("e", null, null, null, null)));
        assertThat(unknownResult).isInstanceOf(Authorization.Denied.class);
    }

    @Test
    void shouldAcceptRotatedKeyWhenJwksFileIsRewritten() throws Exception {
        // Given
        KeyPair oldKey = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        KeyPair newKey = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path jwks = dir.resolve("rotating.json");
        Files.writeString(
                jwks,
                "{\"keys\":["
                        + Jwks.json(Jwks.builder()
                                .key((java.security.interfaces.RSAPublicKey) oldKey.getPublic())
                                .id("2026-01")
                                .build())
                        + "]}");
        JwtTokenVerifier verifier =
                new JwtTokenVerifier(new AuthSettings(null, jwks, Duration.ZERO, java.util.List.of()), CLOCK);
        Files.writeString(
                jwks,
                "{\"keys\":["
                        + Jwks.json(Jwks.builder()
                                .key((java.security.interfaces.RSAPublicKey) newKey.getPublic())
                                .id("2026-02")
                                .build())
                        + "]}");
        Files.setLastModifiedTime(jwks, java.nio.file.attribute.FileTime.from(NOW.plusSeconds(3600)));
        String token = Jwts.builder()
                .header()
                .keyId("2026-02")
                .and()
                .claim("rtcStats", Map.of("user", "rotated"))
                .signWith(newKey.getPrivate(), Jwts.SIG.RS256)
                .compact();

        // When
        Authorization result = verifier.verify(token);

        // Then
        assertThat(result).isEqualTo(new Authorization.Granted(new Tags("rotated", null, null, null, null)));
    }

    @Test
    void shouldDenyHmacTokenWhenOnlyJwksIsConfigured() throws Exception {
        // Given
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path jwks = dir.resolve("one.json");
        Files.writeString(
                jwks,
                "{\"keys\":["
                        + Jwks.json(Jwks.builder()
                                .key((java.security.interfaces.RSAPublicKey) rsa.getPublic())
                                .id("rsa-1")
                                .build())
                        + "]}");
        JwtTokenVerifier verifier =
                new JwtTokenVerifier(new AuthSettings(null, jwks, Duration.ZERO, java.util.List.of()), CLOCK);

        // When
        Authorization result = verifier.verify(GenerateToken.mint("s", Map.of(), Duration.ofMinutes(1), NOW));

        // Then
        assertThat(result).isInstanceOf(Authorization.Denied.class);
    }
}
