package dev.rtcstats.pipeline.sink;

/**
 * The checks every value passes before it is encoded for ClickHouse; the token is the {@code check} label of
 * {@code rtcstats.sink.values.adjusted} and appears in dead-letter messages. sink/README.md has the table of what
 * each check does to a value.
 */
enum ValueCheck {
    /** A DateTime64 outside 1900-01-01 .. 2299-12-31, the range ClickHouse can store. */
    DATETIME_RANGE("datetime-range"),
    /** An integer outside its column's range, or a fraction or text where an integer belongs. */
    INTEGER_RANGE("integer-range"),
    /** NaN or an infinity. */
    NOT_FINITE("not-finite"),
    /** A value that has no meaning for its column, e.g. text that is not a number in a number column. */
    WRONG_TYPE("wrong-type"),
    /** Text that is not valid UTF-8 (unpaired surrogates): replaced by U+FFFD. */
    INVALID_UTF8("invalid-utf8"),
    /** Text longer than its column's cap. */
    STRING_TOO_LONG("string-too-long"),
    /** A value missing in a column that has no NULL. */
    MISSING("missing");

    private final String token;

    ValueCheck(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
