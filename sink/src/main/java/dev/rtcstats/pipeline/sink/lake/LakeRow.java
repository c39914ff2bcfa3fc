package dev.rtcstats.pipeline.sink.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One row for a lake table and the Hive partition it goes to. {@code values} follow {@link LakeSchema#columns()},
 * each of the Java type its {@link LakeType} names, or null in a nullable column.
 */
record LakeRow(LakeSchema schema, String tenant, LocalDate date, Object[] values) {
    LakeRow {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(date, "date");
        tenant = tenant == null ? "" : tenant;
        if (values.length != schema.columns().size()) {
            throw new IllegalArgumentException(
                    "a " + schema.table() + " row has " + schema.columns().size() + " values, got " + values.length);
        }
    }

    /** The partition date of a session: the UTC day of its start, so every replay lands in the same place. */
    static LocalDate day(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
