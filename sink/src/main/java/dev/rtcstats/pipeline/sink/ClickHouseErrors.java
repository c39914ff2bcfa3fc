package dev.rtcstats.pipeline.sink;

import java.util.Set;

/**
 * Which ClickHouse error codes mean "these rows can never be inserted" rather than "try again later". Only errors
 * about the data are permanent: a missing table or column, an authentication error, memory, timeouts, too many parts
 * or a server restart are retried with back-off (and turn {@code /ready} red while they last), because rejecting
 * every row for a misconfiguration would lose them.
 */
final class ClickHouseErrors {
    private static final Set<Integer> PERMANENT = Set.of(
            6, // CANNOT_PARSE_TEXT
            27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            32, // ATTEMPT_TO_READ_AFTER_EOF
            33, // CANNOT_READ_ALL_DATA
            38, // CANNOT_PARSE_DATE
            41, // CANNOT_PARSE_DATETIME
            53, // TYPE_MISMATCH
            69, // ARGUMENT_OUT_OF_BOUND
            70, // CANNOT_CONVERT_TYPE
            72, // CANNOT_PARSE_NUMBER
            117, // INCORRECT_DATA
            131, // TOO_LARGE_STRING_SIZE
            190, // SIZES_OF_ARRAYS_DONT_MATCH
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            407, // DECIMAL_OVERFLOW
            469, // VIOLATED_CONSTRAINT
            1001 // STD_EXCEPTION, e.g. an encoding the engine cannot take
            );

    private ClickHouseErrors() {}

    static boolean permanent(int code) {
        return PERMANENT.contains(code);
    }
}
