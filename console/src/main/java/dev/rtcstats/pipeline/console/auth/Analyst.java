package dev.rtcstats.pipeline.console.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * The verified holder of an analyst token: {@code tenant} scopes every query the console runs for them (the empty
 * string is the data of connections that carried no tenant claim), {@code subject} is for logs only.
 */
public record Analyst(String subject, String tenant, Instant expiresAt) {
    public Analyst {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(expiresAt, "expiresAt");
        subject = subject == null ? "" : subject;
    }
}
