package dev.rtcstats.pipeline.sink;

import java.io.IOException;
import java.util.Set;

/**
 * The object store refused a dump for a reason in the request itself (HTTP 400, 411, 413, 414, 431): the same put
 * would fail again. Authentication (401, 403), a missing bucket (404), throttling (408, 429) and server errors (5xx)
 * are configuration or capacity problems and are retried instead.
 */
final class PermanentBlobException extends IOException {
    private static final Set<Integer> PERMANENT = Set.of(400, 411, 413, 414, 431);

    PermanentBlobException(String message, Throwable cause) {
        super(message, cause);
    }

    static boolean permanent(int httpStatus) {
        return PERMANENT.contains(httpStatus);
    }
}
