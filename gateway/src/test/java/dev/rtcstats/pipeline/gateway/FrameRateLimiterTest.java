package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameRateLimiterTest {

    @Test
    void shouldRefuseAfterBurstAndRefillWithTime() {
        // Given
        FrameRateLimiter limiter = new FrameRateLimiter(10, 3, 0);

        // When
        boolean[] first = {limiter.tryAcquire(0), limiter.tryAcquire(0), limiter.tryAcquire(0), limiter.tryAcquire(0)};
        boolean afterTenthOfSecond = limiter.tryAcquire(100_000_000L);

        // Then
        assertThat(first).containsExactly(true, true, true, false);
        assertThat(afterTenthOfSecond).isTrue();
    }
}
