package dev.rtcstats.pipeline.gateway;

/**
 * Tells whether a frame looks like one JSON array, as every rtcStats client message is: its first and last bytes
 * other than JSON whitespace are {@code [} and {@code ]}. It reads only the ends of the frame, never the middle: a
 * frame that has the shape but is not valid JSON passes, and downstream parsers treat it as the hostile input it is.
 */
final class FrameCheck {
    private FrameCheck() {}

    static boolean isJsonArray(byte[] frame) {
        return isJsonArray(frame, 0, frame.length);
    }

    static boolean isJsonArray(byte[] frame, int offset, int length) {
        int first = offset;
        int end = offset + length;
        while (first < end && isWhitespace(frame[first])) {
            first++;
        }
        int last = end - 1;
        while (last > first && isWhitespace(frame[last])) {
            last--;
        }
        return last > first && frame[first] == '[' && frame[last] == ']';
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
