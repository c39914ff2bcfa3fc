package dev.rtcstats.pipeline.sink.lake;

import java.util.Objects;

/** One column of a lake table; {@code nullable} where the ClickHouse column is {@code Nullable}. */
record LakeColumn(String name, LakeType type, boolean nullable) {
    LakeColumn {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == '.' || c < 0x20)) {
            throw new IllegalArgumentException(
                    "a lake column name is a non-empty name without dots, got '" + name + "'");
        }
    }

    static LakeColumn required(String name, LakeType type) {
        return new LakeColumn(name, type, false);
    }

    static LakeColumn nullable(String name, LakeType type) {
        return new LakeColumn(name, type, true);
    }
}
