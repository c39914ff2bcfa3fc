package dev.rtcstats.pipeline.gateway;

/**
 * A token bucket per connection: {@code ratePerSecond} frames a second on average, with bursts up to
 * {@code burst}, because clients flush everything they buffered while connecting at once. Used on one IO thread.
 */
final class FrameRateLimiter {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastRefill;

    FrameRateLimiter(int ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastRefill) * ratePerNano);
        lastRefill = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
