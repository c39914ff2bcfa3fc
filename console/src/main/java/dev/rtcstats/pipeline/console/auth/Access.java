package dev.rtcstats.pipeline.console.auth;

import java.util.Locale;
import java.util.Objects;

/** The outcome of checking an analyst token. */
public sealed interface Access {

    /** The token is valid and names a tenant. */
    record Granted(Analyst analyst) implements Access {
        public Granted {
            Objects.requireNonNull(analyst, "analyst");
        }
    }

    /** The token is refused; the reason is a bounded metric tag and the message the client sees. */
    record Denied(Reason reason) implements Access {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a request was refused. */
    enum Reason {
        MISSING("no analyst token: send Authorization: Bearer <token> or sign in"),
        EXPIRED("the analyst token has expired"),
        BAD_SIGNATURE("the analyst token's signature does not verify"),
        INVALID("the analyst token is malformed, unsigned, without exp, or signed with an unknown key"),
        NO_TENANT("the analyst token has no tenant claim"),
        WRONG_TENANT("the analyst token is for another tenant");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }

        /** The metric tag value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
