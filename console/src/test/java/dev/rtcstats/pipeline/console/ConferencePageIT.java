package dev.rtcstats.pipeline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.testsupport.HeadlessBrowser;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.SyntheticConference;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in headless Chromium over a made-up conference of eight participants: search finds it, the conference
 * page lists everyone and draws every chart with points, a participant's page draws its own, and the page runs
 * without a script error or a content-security-policy violation.
 */
@ExtendWith(InfraExtension.class)
class ConferencePageIT {
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTICIPANTS = 8;

    private static ConsoleUnderTest console;
    private static SyntheticConference conference;

    @TempDir
    Path temp;

    @BeforeAll
    static void seed(TestInfra infra) throws Exception {
        console = ConsoleUnderTest.start(infra, Map.of("CONSOLE_COOKIE_SECURE", "true"));
        conference = new SyntheticConference(
                "acme",
                "design-review",
                PARTICIPANTS,
                Duration.ofMinutes(15),
                Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
        conference.insert(console.clickhouseUrl);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void shouldFindTheConferenceAndDrawEveryChartWithPoints() throws Exception {
        // Given
        String token = URLEncoder.encode(ConsoleUnderTest.token("acme"), StandardCharsets.UTF_8);
        try (HeadlessBrowser browser = HeadlessBrowser.launch(temp, 1400, 1000)) {
            browser.navigate(console.url("/#token=" + token));
            browser.waitFor("document.querySelector('table.results a')", PAGE_TIMEOUT);

            // When
            browser.evaluate("document.querySelector('table.results a').click()");
            browser.waitFor("document.body.dataset.rendered === 'conference'", PAGE_TIMEOUT);

            // Then
            assertThat(browser.evaluate("location.hash").asText()).contains("conference=design-review");
            assertThat(browser.evaluate("document.querySelectorAll('table.participants tbody tr').length")
                            .asInt())
                    .isEqualTo(PARTICIPANTS);
            assertThat(browser.evaluate("[...document.querySelectorAll('[data-chart]')].map(c => c.dataset.chart"
                                    + " + '=' + (Number(c.dataset.points) > 0)).join(' ')")
                            .asText())
                    .isEqualTo("bitrateIn=true bitrateOut=true rttMs=true lossPercent=true jitterMs=true fpsIn=true"
                            + " fpsOut=true");
            Files.write(Path.of("target", "console-conference.png"), browser.screenshot());
            assertThat(browser.log()).as("page errors and CSP violations").isEmpty();
        }
    }

    @Test
    void shouldDrawAParticipantsOwnCharts() throws Exception {
        // Given
        String token = URLEncoder.encode(ConsoleUnderTest.token("acme"), StandardCharsets.UTF_8);
        String participant =
                "#/participant?" + "tenant=acme&conference=design-review&connection=" + conference.connectionId(3);
        try (HeadlessBrowser browser = HeadlessBrowser.launch(temp, 1400, 1000)) {
            browser.navigate(console.url("/#token=" + token));
            browser.waitFor("document.getElementById('who').textContent !== ''", PAGE_TIMEOUT);

            // When
            browser.evaluate("location.hash = '" + participant + "'");
            browser.waitFor("document.body.dataset.rendered === 'participant'", PAGE_TIMEOUT);

            // Then
            assertThat(browser.evaluate("document.querySelector('h1').textContent")
                            .asText())
                    .isEqualTo("user-3");
            assertThat(browser.evaluate("Number(document.querySelector('[data-chart=\"bitrate\"]').dataset.points)")
                            .asInt())
                    .isGreaterThan(100);
            assertThat(browser.evaluate("Number(document.querySelector('[data-chart=\"qualityLimitation\"]')"
                                    + ".dataset.points)")
                            .asInt())
                    .isGreaterThan(0);
            Files.write(Path.of("target", "console-participant.png"), browser.screenshot());
            assertThat(browser.log()).as("page errors and CSP violations").isEmpty();
        }
    }
}
