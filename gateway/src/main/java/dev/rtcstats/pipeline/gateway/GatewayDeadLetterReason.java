package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.DeadLetter;

/**
 * Why the gateway dead-lettered something it had read: a frame it refused, or what made it refuse an upload. The
 * dead letter's value is the refused frame or line (its first {@link DeadLetter#MAX_VALUE_BYTES} bytes); for an
 * upload refused as a whole without one offending line, it is the upload's metadata line.
 */
enum GatewayDeadLetterReason implements DeadLetter.Reason {
    /** A frame or uploaded line that is not one JSON array, under {@code GATEWAY_NON_JSON_FRAMES=drop|reject}. */
    NOT_JSON_ARRAY("not-json-array"),
    /** The frame that went over the connection's frame rate; the socket was closed with 1008. */
    FRAME_RATE("frame-rate"),
    /** The frame past {@code GATEWAY_MAX_FRAMES_PER_CONNECTION}; the socket was closed with 1008. */
    TOO_MANY_FRAMES("too-many-frames"),
    /** An upload whose metadata line is missing, not a JSON object, or too large. */
    UPLOAD_BAD_METADATA("upload-bad-metadata"),
    /** An uploaded line longer than {@code GATEWAY_MAX_FRAME_BYTES} (its first bytes are kept). */
    UPLOAD_FRAME_TOO_BIG("upload-frame-too-big"),
    /** An upload with more lines than {@code GATEWAY_MAX_FRAMES_PER_CONNECTION}. */
    UPLOAD_TOO_MANY_FRAMES("upload-too-many-frames"),
    /** An upload body larger than {@code GATEWAY_MAX_UPLOAD_BYTES}. */
    UPLOAD_TOO_BIG("upload-too-big"),
    /** An uploaded line that is not valid UTF-8. */
    UPLOAD_INVALID_UTF8("upload-invalid-utf8"),
    /** An upload whose body ended, or stopped arriving, before its closing boundary. */
    UPLOAD_INCOMPLETE("upload-incomplete");

    private final String token;

    GatewayDeadLetterReason(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
