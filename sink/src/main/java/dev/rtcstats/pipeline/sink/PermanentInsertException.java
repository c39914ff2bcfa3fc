package dev.rtcstats.pipeline.sink;

/** ClickHouse refused an insert for a reason in the data (see {@link ClickHouseErrors}); retrying cannot help. */
final class PermanentInsertException extends Exception {
    private final int code;

    PermanentInsertException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    int code() {
        return code;
    }
}
