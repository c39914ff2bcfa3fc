package dev.rtcstats.pipeline.console.query;

import java.time.Instant;
import java.util.Objects;

/**
 * A search of the sessions table: any of conference, user and session id (exact values; null or blank means any),
 * within {@code [from, to)} of the session start, newest first, at most {@code limit} connections.
 */
public record SearchCriteria(String conference, String user, String session, Instant from, Instant to, int limit) {
    public SearchCriteria {
        conference = blankToNull(conference);
        user = blankToNull(user);
        session = blankToNull(session);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
