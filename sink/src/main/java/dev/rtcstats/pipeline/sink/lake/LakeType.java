package dev.rtcstats.pipeline.sink.lake;

/**
 * The Parquet types the lake writes, each with the Java type a row holds for it: {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, and {@code Long} epoch milliseconds for timestamps (UTC, logical type
 * {@code TIMESTAMP(MILLIS, true)}).
 */
enum LakeType {
    STRING,
    INT64,
    DOUBLE,
    BOOLEAN,
    TIMESTAMP_MILLIS
}
