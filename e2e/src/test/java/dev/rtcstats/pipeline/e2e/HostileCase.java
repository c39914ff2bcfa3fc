package dev.rtcstats.pipeline.e2e;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the hostile corpus: a named input of one class and everything that must become of it.
 *
 * @param id       short and unique; it is the {@code session} claim of the case's token, so that its records can be
 *                 found
 * @param outcomes what the design does with the input; every case is also followed by a bystander's session that
 *                 must land
 */
record HostileCase(String id, InputClass inputClass, String description, HostileInput input, List<Outcome> outcomes) {
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{3,40}");

    /** The classes of hostile input issue 9 names; the corpus covers each. */
    enum InputClass {
        HUGE_OR_NESTED_JSON,
        ABSURD_NUMBERS_AND_TIMES,
        HUGE_IDS_AND_KEY_COUNTS,
        INFLATING_UNICODE_AND_ESCAPES,
        BINARY_AND_INVALID_UTF8,
        AFTER_CLOSE_DUPLICATED_OUT_OF_ORDER,
        OVERSIZED_TOKEN_CLAIMS,
        PREAUTH_FLOODS_AND_SLOW_HANDSHAKES,
        BAD_UPLOADS
    }

    HostileCase {
        Objects.requireNonNull(inputClass, "inputClass");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(input, "input");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a case id is 3-40 of [a-z0-9-], got " + id);
        }
        outcomes = List.copyOf(outcomes);
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException(id + ": a case without an expected outcome asserts nothing");
        }
    }

    @Override
    public String toString() {
        return id + ": " + description;
    }
}
