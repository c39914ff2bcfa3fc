package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.console.Console;
import dev.rtcstats.pipeline.console.ConsoleConfig;
import dev.rtcstats.pipeline.console.auth.MintAnalystToken;
import dev.rtcstats.pipeline.testsupport.HeadlessBrowser;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Chromium rtcStats session, as in {@link BrowserToClickHouseIT}, goes through the pipeline with a tenant
 * claim; then the console, in a second headless Chromium, finds it by session id, shows it as a participant of its
 * conference with a chart drawn from {@code stats_reports}, and refuses an analyst of another tenant.
 */
@ExtendWith(InfraExtension.class)
class ConsoleBrowserIT {
    private static final String SECRET = "e2e-console-secret-of-at-least-32-bytes";
    private static final String TENANT = "acme";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int CALL_MILLIS = 6000;

    @TempDir
    Path temp;

    @Test
    void shouldFindABrowserSessionAndDrawItsChartsForItsTenantOnly(TestInfra infra) throws Exception {
        // Given
        String conference = TestInfra.uniqueName("room");
        String session = TestInfra.uniqueName("session");
        Map<String, String> claims =
                Map.of("user", "alice", "conference", conference, "session", session, "tenant", TENANT);
        try (Pipeline pipeline = Pipeline.start(
                        infra,
                        infra.kafkaBootstrap(),
                        infra::createTopic,
                        temp.resolve("enricher"),
                        Duration.ofSeconds(60),
                        Map.of());
                CallPage page = CallPage.serve(clientDir(), pipeline.webSocketUrl(claims), CALL_MILLIS)) {
            try (HeadlessChromium caller = HeadlessChromium.open(page.url(), temp)) {
                assertThat(page.sentFrames.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("frames the browser sent (log: %s)", caller.log)
                        .anyMatch(frame -> frame.startsWith("[\"getstats\","));
            }
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(pipeline.query(
                                    "SELECT connection_id FROM sessions FINAL WHERE session = '" + session + "'"))
                            .hasSize(1));
            seedChartSeries(pipeline, session);
            try (Console console = startConsole(infra, pipeline);
                    HeadlessBrowser browser = HeadlessBrowser.launch(temp, 1400, 1000)) {
                String base = "http://127.0.0.1:" + console.port() + "/";
                browser.navigate(base + "#token=" + URLEncoder.encode(token(TENANT), StandardCharsets.UTF_8));
                browser.waitFor("document.querySelector('form.search')", TIMEOUT);

                // When
                browser.evaluate("(() => { const form = document.querySelector('form.search');"
                        + " form.elements.session.value = " + jsString(session) + "; form.requestSubmit(); })()");
                browser.waitFor("document.querySelector('table.results a')", TIMEOUT);
                String found = browser.evaluate("document.querySelector('table.results').innerText")
                        .asText();
                browser.evaluate("document.querySelector('table.results a').click()");
                browser.waitFor("document.body.dataset.rendered === 'conference'", TIMEOUT);

                // Then
                assertThat(found).contains(conference, "alice", session);
                assertThat(browser.evaluate("document.querySelector('table.participants tbody').innerText")
                                .asText())
                        .contains("alice", "Chrome", "1000 normal (client)");
                assertThat(browser.evaluate("Number(document.querySelector('[data-chart=\"bitrateOut\"]')"
                                        + ".dataset.points)")
                                .asInt())
                        .as("bitrate points of the session's connection")
                        .isGreaterThan(0);
                Files.write(Path.of("target", "console-e2e.png"), browser.screenshot());
                assertThat(browser.log()).as("page errors").isEmpty();

                String other =
                        "#/conference?tenant=acme&conference=" + URLEncoder.encode(conference, StandardCharsets.UTF_8);
                browser.navigate(base + "#token=" + URLEncoder.encode(token("globex"), StandardCharsets.UTF_8));
                browser.waitFor("document.getElementById('who').textContent.includes('globex')", TIMEOUT);
                browser.evaluate("location.hash = " + jsString(other));
                browser.waitFor("document.querySelector('[data-status]')", TIMEOUT);
                assertThat(browser.evaluate("document.querySelector('[data-status]').dataset.status")
                                .asText())
                        .isEqualTo("403");
                assertThat(apiStatus(base + "api/conference?tenant=acme&conference=" + conference, token("globex")))
                        .isEqualTo(403);
                assertThat(apiStatus(base + "api/conference?tenant=acme&conference=" + conference, token(TENANT)))
                        .isEqualTo(200);
            }
        }
    }

    /**
     * The enricher reads getStats frames by their current name, {@code getStats}; the rtcstats 5.x client of this
     * test names them {@code getstats}, so its session gets no {@code stats_reports} rows. The chart assertion
     * therefore runs on samples written here for the real session's connection, over its real span, as the sink
     * would write them: a {@code bytesSent} counter growing by 100 kB/s, one sample a second.
     */
    private static void seedChartSeries(Pipeline pipeline, String session) throws Exception {
        Map<String, String> row = pipeline.query("SELECT tenant, conference, connection_id,"
                        + " toUnixTimestamp64Milli(session_start) AS start_ms,"
                        + " toUnixTimestamp64Milli(session_end) AS end_ms FROM sessions FINAL WHERE session = '"
                        + session + "'")
                .getFirst();
        long start = Long.parseLong(row.get("start_ms"));
        long seconds = Math.max(2, (Long.parseLong(row.get("end_ms")) - start) / 1000);
        pipeline.execute("INSERT INTO stats_reports (tenant, conference, session, connection_id, session_start,"
                + " peer_connection, type, report_id, ts, metrics, version) SELECT '" + row.get("tenant") + "', '"
                + row.get("conference") + "', '" + session + "', '" + row.get("connection_id") + "',"
                + " fromUnixTimestamp64Milli(toInt64(" + start + ")), 'PC_0', 'outbound-rtp', 'seeded-OT01V1',"
                + " fromUnixTimestamp64Milli(toInt64(" + start + " + number * 1000)),"
                + " map('bytesSent', toFloat64(100000 * number)), 1 FROM numbers(" + seconds + ")");
    }

    private static Console startConsole(TestInfra infra, Pipeline pipeline) {
        Map<String, String> env = Map.of(
                "CONSOLE_PORT",
                "0",
                "CONSOLE_BIND_ADDRESS",
                "127.0.0.1",
                "CONSOLE_CLICKHOUSE_URL",
                pipeline.clickhouseUrl(),
                "CONSOLE_JWT_SECRET",
                SECRET,
                "CONSOLE_S3_ENDPOINT",
                infra.s3Endpoint(),
                "CONSOLE_S3_ACCESS_KEY",
                infra.s3AccessKey(),
                "CONSOLE_S3_SECRET_KEY",
                infra.s3SecretKey(),
                "CONSOLE_S3_BUCKET",
                pipeline.bucket);
        return new Console(ConsoleConfig.fromEnv(env), Clock.systemUTC()).start();
    }

    private static String token(String tenant) {
        return MintAnalystToken.mint(SECRET, "tenant", tenant, "e2e", Duration.ofMinutes(10), Instant.now());
    }

    private static int apiStatus(String url, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Path clientDir() {
        Path dir = Path.of(System.getProperty("rtcstats.client.dir", ".cache/npm/rtcstats-5.2.0"));
        if (!Files.isRegularFile(dir.resolve("trace-ws.js"))) {
            throw new AssertionError("the rtcstats@5.2.0 npm package is missing from " + dir
                    + ": run infra/scripts/fetch-test-deps.sh (infra/scripts/test.sh does)");
        }
        return dir;
    }
}
