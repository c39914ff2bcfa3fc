package dev.rtcstats.pipeline.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Tells whether a frame is exactly one JSON array, as every rtcStats client message is. */
final class FrameCheck {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The result of the check. */
    enum Verdict {
        ARRAY,
        NOT_JSON_ARRAY
    }

    private FrameCheck() {}

    static Verdict check(byte[] frame) {
        try (JsonParser parser = FACTORY.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return Verdict.NOT_JSON_ARRAY;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? Verdict.ARRAY : Verdict.NOT_JSON_ARRAY;
        } catch (IOException e) {
            return Verdict.NOT_JSON_ARRAY;
        }
    }
}
