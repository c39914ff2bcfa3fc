package dev.rtcstats.pipeline.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two tenants share a conference name; each has a conference of its own. Through every API route, a token of one
 * tenant must never reveal a row of the other, and a request naming the other tenant is refused with 403.
 */
@ExtendWith(InfraExtension.class)
class TenantIsolationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    private static final String SHARED = "standup";
    private static final long START = 1_790_000_000_000L;
    private static final List<String> GLOBEX_MARKERS =
            List.of("mallory", "dave", "g-conn-1", "g-conn-2", "globex-only", "g-session");

    private static ConsoleUnderTest console;

    @BeforeAll
    static void seed(TestInfra infra) throws Exception {
        console = ConsoleUnderTest.start(infra);
        Seeds seeds = console.seeds;
        seeds.session(ACME, SHARED, "alice", "a-session-1", "a-conn-1", START, START + 60_000, 1000);
        seeds.session(ACME, SHARED, "bob", "a-session-2", "a-conn-2", START + 5_000, START + 50_000, 1006);
        seeds.session(ACME, "acme-only", "carol", "a-session-3", "a-conn-3", START, START + 10_000, 1000);
        seeds.session(GLOBEX, SHARED, "mallory", "g-session-1", "g-conn-1", START, START + 60_000, 1000);
        seeds.session(GLOBEX, "globex-only", "dave", "g-session-2", "g-conn-2", START, START + 60_000, 1000);
        seeds.relayedPeerConnection(GLOBEX, SHARED, "mallory", "g-session-1", "g-conn-1");
        seeds.stats(
                GLOBEX,
                SHARED,
                "g-session-1",
                "g-conn-1",
                START,
                "outbound-rtp",
                "OT01V1",
                "bytesSent",
                START,
                30,
                "1000 * number");
        console.putDump("a-conn-1", "acme dump".getBytes(StandardCharsets.UTF_8));
        console.putDump("g-conn-1", "globex dump".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void shouldListOnlyTheTokensTenantWhenTwoTenantsShareAConferenceName() throws Exception {
        // Given
        String acme = ConsoleUnderTest.token(ACME);
        String globex = ConsoleUnderTest.token(GLOBEX);

        // When
        JsonNode acmeView = json(console.get("/api/conference?conference=" + SHARED, acme));
        JsonNode globexView = json(console.get("/api/conference?conference=" + SHARED, globex));

        // Then
        assertThat(values(acmeView.path("participants"), "user")).containsExactly("alice", "bob");
        assertThat(values(globexView.path("participants"), "user")).containsExactly("mallory");
        assertThat(acmeView.path("tenant").asText()).isEqualTo(ACME);
    }

    @Test
    void shouldNeverRevealAnotherTenantsRowsThroughAnyRoute() throws Exception {
        // Given
        String acme = ConsoleUnderTest.token(ACME);
        List<String> paths = new ArrayList<>(List.of(
                "/api/search",
                "/api/search?conference=" + SHARED,
                "/api/conference?conference=" + SHARED,
                "/api/conference/series?conference=" + SHARED,
                "/api/conference?conference=globex-only",
                "/api/conference/series?conference=globex-only",
                "/api/conference/series?conference=" + SHARED + "&connection=g-conn-1",
                "/api/dump?conference=" + SHARED + "&connection=g-conn-1",
                "/api/dump?conference=globex-only&connection=g-conn-2"));
        for (String marker : GLOBEX_MARKERS) {
            for (String field : List.of("conference", "user", "session")) {
                paths.add("/api/search?" + field + "=" + URLEncoder.encode(marker, StandardCharsets.UTF_8));
            }
        }

        // When
        List<String> bodies = new ArrayList<>();
        for (String path : paths) {
            HttpResponse<String> response = console.get(path, acme);
            assertThat(response.statusCode()).as(path).isIn(200, 404);
            bodies.add(path + " -> " + response.body());
        }

        // Then
        assertThat(bodies)
                .allSatisfy(body -> assertThat(body.substring(body.indexOf(" -> ")))
                        .doesNotContain(GLOBEX_MARKERS)
                        .doesNotContain("globex dump"));
    }

    @Test
    void shouldAnswer403WhenATokenAsksForAConferenceOfAnotherTenant() throws Exception {
        // Given
        String globex = ConsoleUnderTest.token(GLOBEX);

        // When
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of(
                "/api/conference?tenant=acme&conference=acme-only",
                "/api/conference/series?tenant=acme&conference=acme-only",
                "/api/search?tenant=acme&conference=acme-only",
                "/api/dump?tenant=acme&conference=standup&connection=a-conn-1")) {
            statuses.add(console.get(path, globex).statusCode());
        }
        HttpResponse<String> withoutTenant = console.get("/api/conference?conference=acme-only", globex);

        // Then
        assertThat(statuses).containsOnly(403);
        assertThat(withoutTenant.statusCode()).isEqualTo(404);
        assertThat(withoutTenant.body()).doesNotContain("carol");
    }

    @Test
    void shouldStreamTheDumpOfOwnConnectionOnly() throws Exception {
        // Given
        String acme = ConsoleUnderTest.token(ACME);

        // When
        HttpResponse<byte[]> own = console.getBytes("/api/dump?conference=standup&connection=a-conn-1", acme);
        HttpResponse<byte[]> other = console.getBytes("/api/dump?conference=standup&connection=g-conn-1", acme);

        // Then
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(new String(own.body(), StandardCharsets.UTF_8)).isEqualTo("acme dump");
        assertThat(own.headers().firstValue("Content-Type")).hasValue("application/gzip");
        assertThat(own.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"a-conn-1.gz\"");
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldShowConnectionFeaturesAndCloseOfOwnParticipants() throws Exception {
        // Given
        String globex = ConsoleUnderTest.token(GLOBEX);

        // When
        JsonNode view = json(console.get("/api/conference?conference=" + SHARED, globex));

        // Then
        JsonNode mallory = view.path("participants").get(0);
        assertThat(mallory.path("browser").asText()).isEqualTo("Chrome 156");
        assertThat(mallory.path("operatingSystem").asText()).isEqualTo("Linux");
        assertThat(mallory.path("closeCode").asInt()).isEqualTo(1000);
        assertThat(mallory.path("closedBy").asText()).isEqualTo("client");
        JsonNode pc = mallory.path("peerConnections").get(0);
        assertThat(pc.path("id").asText()).isEqualTo("PC_0");
        assertThat(pc.path("iceConnectionTimeMs").asLong()).isEqualTo(120);
        assertThat(pc.path("turn").asBoolean()).isTrue();
        assertThat(pc.path("relayProtocol").asText()).isEqualTo("udp");
        assertThat(pc.path("stunRoundTripMs").asDouble()).isEqualTo(42.1);
        assertThat(values(pc.path("failures"), null))
                .containsExactly("setRemoteDescription failed: InvalidModificationError");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> values(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(node -> field == null ? node.asText() : node.path(field).asText())
                .toList();
    }
}
