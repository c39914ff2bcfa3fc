package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeRequestTest {

    private static UpgradeRequest request(String path, String query, String forwardedFor) {
        return new UpgradeRequest(path, query, null, "UA", forwardedFor, "10.0.0.7", "rtcstats#5.0");
    }

    @Test
    void shouldReplaceTokenWhenPresent() {
        assertThat(request("/", "rtcstats-token=abc.def.ghi", null).obfuscatedUrl())
                .isEqualTo("/?rtcstats-token=obfuscated");
    }

    @Test
    void shouldReserialiseLikeUrlSearchParamsWhenTokenRepeated() {
        // Given
        UpgradeRequest request = request("/room/1", "a=x%20y&rtcstats-token=t1&b=&rtcstats-token=t2", null);

        // When
        String url = request.obfuscatedUrl();

        // Then
        assertThat(url).isEqualTo("/room/1?a=x+y&rtcstats-token=obfuscated&b=");
        assertThat(request.token()).isEqualTo("t1");
    }

    @Test
    void shouldKeepQueryVerbatimWhenNoToken() {
        assertThat(request("/p", "a=%41", null).obfuscatedUrl()).isEqualTo("/p?a=%41");
        assertThat(request("/p", "", null).obfuscatedUrl()).isEqualTo("/p");
        assertThat(request("/p", "a=1", null).token()).isNull();
    }

    @Test
    void shouldSplitForwardedForWithoutTrimmingWhenBehindProxy() {
        assertThat(request("/", "", "203.0.113.9, 10.0.0.1").remoteAddresses())
                .isEqualTo(List.of("203.0.113.9", " 10.0.0.1"));
        assertThat(request("/", "", null).remoteAddresses()).isEqualTo(List.of("10.0.0.7"));
    }
}
