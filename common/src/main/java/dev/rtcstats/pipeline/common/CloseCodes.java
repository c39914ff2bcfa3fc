package dev.rtcstats.pipeline.common;

/** The WebSocket close codes (RFC 6455, section 7.4.1) that the pipeline sends, records or stands in for. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    /** Never sent on the wire: the socket ended without a close frame, or the pipeline gave up waiting for one. */
    public static final int ABNORMAL = 1006;

    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {}

    /**
     * A metric label for {@code code}: the codes above by number, any other code a client chose as {@code other},
     * so that clients cannot grow the label set.
     */
    public static String label(int code) {
        return switch (code) {
            case NORMAL,
                    GOING_AWAY,
                    PROTOCOL_ERROR,
                    ABNORMAL,
                    INVALID_PAYLOAD,
                    POLICY_VIOLATION,
                    MESSAGE_TOO_BIG,
                    INTERNAL_ERROR,
                    TRY_AGAIN_LATER -> Integer.toString(code);
            default -> "other";
        };
    }
}
