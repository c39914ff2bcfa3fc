package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.Tags;

/** Checks the {@code rtcstats-token} of a request; {@code token} is null when the parameter is absent. */
@FunctionalInterface
public interface TokenVerifier {
    Authorization verify(String token);

    /** The verifier used when no secret and no JWKS file is configured: every request is granted, untagged. */
    static TokenVerifier disabled() {
        return token -> new Authorization.Granted(Tags.NONE);
    }
}
