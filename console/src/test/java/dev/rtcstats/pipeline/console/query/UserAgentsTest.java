package dev.rtcstats.pipeline.console.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UserAgentsTest {
    @Test
    void shouldNameTheBrowserAndItsMajorVersion() {
        // Given
        Map<String, String> agents = Map.of(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
                "Chrome 156",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                        + " Safari/537.36 Edg/120.0.2210.91",
                "Edge 120",
                "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
                "Firefox 130",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4"
                        + " Safari/605.1.15",
                "Safari 17",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                        + " Version/17.4 Mobile/15E148 Safari/604.1",
                "Safari 17",
                "curl/8.5.0",
                "other",
                "",
                "");

        // When / Then
        agents.forEach((agent, browser) ->
                assertThat(UserAgents.browser(agent)).as(agent).isEqualTo(browser));
    }
}
