package dev.rtcstats.pipeline.sink;

/**
 * A value that cannot be stored without changing what its row is about (a key column, or a measurement that has no
 * NULL): the row is not inserted and its record goes to the dead letters. Thrown without a stack trace, as it is
 * about the input, not about the code.
 */
final class RejectedValue extends RuntimeException {
    private final transient ValueCheck check;

    RejectedValue(String column, ValueCheck check) {
        super("column " + column + " failed check " + check.token(), null, false, false);
        this.check = check;
    }

    ValueCheck check() {
        return check;
    }
}
