package dev.rtcstats.pipeline.gateway;

/**
 * Why the gateway refused or cut a client, an upload or a frame: the {@code reason} tag of
 * {@code rtcstats.gateway.rejects}, a closed set so that clients cannot grow the label set.
 */
enum RejectReason {
    SHUTTING_DOWN("shutting-down"),
    ORIGIN("origin"),
    UNAUTHORIZED("unauthorized"),
    CAPACITY("capacity"),
    PREAUTH_CAPACITY("preauth-capacity"),
    FRAMES_PER_CONNECTION("frames-per-connection"),
    FRAME_RATE("frame-rate"),
    NOT_JSON_ARRAY("not-json-array"),
    INVALID_UTF8("invalid-utf8"),
    FRAME_TOO_BIG("frame-too-big"),
    AFTER_CLOSE("after-close"),
    IDLE_TIMEOUT("idle-timeout"),
    IO_ERROR("io-error"),
    KAFKA_UNAVAILABLE("kafka-unavailable"),
    UPLOAD_INVALID("upload-invalid"),
    UPLOAD_EMPTY("upload-empty"),
    UPLOAD_TOO_BIG("upload-too-big"),
    UPLOAD_TIMEOUT("upload-timeout"),
    UPLOAD_BUSY("upload-busy");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
