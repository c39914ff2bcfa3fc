package dev.rtcstats.pipeline.common;

import java.util.regex.Pattern;

/**
 * Object keys of dumps. A key depends only on the connection id, so a replay writes the same key again: it
 * overwrites, never duplicates. The name is the reference server's {@code <uuid>.gz}, so tools that take the last
 * path segment of {@code blob_url} as the key (rtcstats-features does) keep working.
 */
public final class BlobKeys {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private BlobKeys() {}

    public static String forConnection(String connectionId) {
        if (!SAFE_ID.matcher(connectionId).matches()) {
            throw new IllegalArgumentException("connection id is not safe as an object key: " + connectionId);
        }
        return connectionId + ".gz";
    }
}
