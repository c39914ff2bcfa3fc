package dev.rtcstats.pipeline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.console.auth.MintAnalystToken;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who gets in: analyst tokens by header or session cookie; operators' endpoints need none. */
@ExtendWith(InfraExtension.class)
class AccessIT {
    private static ConsoleUnderTest console;

    @BeforeAll
    static void start(TestInfra infra) throws Exception {
        console = ConsoleUnderTest.start(infra);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void shouldRefuseEveryApiRequestWithoutAValidAnalystToken() throws Exception {
        // Given
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "expired",
                MintAnalystToken.mint(
                        ConsoleUnderTest.SECRET, "tenant", "acme", "a", Duration.ofMinutes(5), now.minusSeconds(3600)));
        tokens.put(
                "other secret",
                MintAnalystToken.mint(
                        "another-secret-that-is-32-bytes-long!!", "tenant", "acme", "a", Duration.ofMinutes(5), now));
        tokens.put(
                "no tenant",
                Jwts.builder()
                        .subject("a")
                        .expiration(Date.from(now.plusSeconds(300)))
                        .signWith(Keys.hmacShaKeyFor(ConsoleUnderTest.SECRET.getBytes(StandardCharsets.UTF_8)))
                        .compact());
        tokens.put(
                "no exp",
                Jwts.builder()
                        .claim("tenant", "acme")
                        .signWith(Keys.hmacShaKeyFor(ConsoleUnderTest.SECRET.getBytes(StandardCharsets.UTF_8)))
                        .compact());
        tokens.put(
                "unsigned",
                Jwts.builder()
                        .claim("tenant", "acme")
                        .expiration(Date.from(now.plusSeconds(300)))
                        .compact());
        tokens.put("garbage", "not.a.token");

        // When
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("none", console.get("/api/search", null).statusCode());
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            statuses.put(
                    token.getKey(), console.get("/api/search", token.getValue()).statusCode());
        }

        // Then
        assertThat(statuses)
                .allSatisfy((name, status) -> assertThat(status).as(name).isEqualTo(401));
        assertThat(console.get("/metrics", null).body())
                .contains("rtcstats_console_auth_denied_total{reason=\"expired\"}")
                .contains("rtcstats_console_auth_denied_total{reason=\"no_tenant\"}");
    }

    @Test
    void shouldKeepTheBearerTokenInAnHttpOnlyCookieWhenSigningIn() throws Exception {
        // Given
        String token = ConsoleUnderTest.token("acme");

        // When
        HttpResponse<String> signIn = console.send(HttpRequest.newBuilder(URI.create(console.url("/api/session")))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        // Then
        assertThat(signIn.statusCode()).isEqualTo(200);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("rtcstats_console=" + token + ";")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> me = console.send(HttpRequest.newBuilder(URI.create(console.url("/api/me")))
                .header("Cookie", "rtcstats_console=" + token)
                .build());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"tenant\":\"acme\"");
    }

    @Test
    void shouldAnswerOperatorsWithoutTokenAndServeThePageWithItsChartLibrary() throws Exception {
        // When
        HttpResponse<String> health = console.get("/healthcheck", null);
        HttpResponse<String> ready = console.get("/ready", null);
        HttpResponse<String> page = console.get("/", null);
        HttpResponse<String> library = console.get("/vendor/uPlot.iife.min.js", null);

        // Then
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"app.js\" defer></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.body()).contains("uPlot");
        assertThat(console.get("/metrics", null).body()).contains("rtcstats_console_ready 1.0");
    }
}
