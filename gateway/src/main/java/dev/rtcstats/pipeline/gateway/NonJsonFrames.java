package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import java.util.Locale;

/** What to do with a frame (or an uploaded line) that is not one JSON array ({@code GATEWAY_NON_JSON_FRAMES}). */
public enum NonJsonFrames {
    /** Publish it verbatim with a header that marks it, as the reference stores it unchecked. */
    TAG,
    /** Leave it out and send it to the dead-letter topic; the connection goes on. */
    DROP,
    /** Close the socket with 1008 (refuse the whole upload with 400), and dead-letter it. */
    REJECT;

    static NonJsonFrames parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("GATEWAY_NON_JSON_FRAMES must be tag, drop or reject, got '" + value + "'");
        }
    }
}
