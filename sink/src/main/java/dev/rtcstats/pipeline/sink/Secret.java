package dev.rtcstats.pipeline.sink;

import java.util.Objects;

/** A password or key: {@link #toString()} never shows it, so config records can be logged. */
record Secret(String value) {
    Secret {
        Objects.requireNonNull(value, "value");
    }

    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "****";
    }
}
