package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.Tags;
import java.util.Objects;

/** The outcome of checking a connection's token: who it belongs to, or why it is refused. */
public sealed interface Authorization {

    /** The token is valid (or auth is disabled); {@code tags} carries its {@code rtcStats} claims. */
    record Granted(Tags tags) implements Authorization {
        public Granted {
            Objects.requireNonNull(tags, "tags");
        }
    }

    /** The token is missing, malformed, badly signed or expired; {@code reason} is for logs and metrics. */
    record Denied(String reason) implements Authorization {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
