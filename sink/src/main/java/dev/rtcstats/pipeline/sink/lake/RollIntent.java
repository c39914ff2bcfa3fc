package dev.rtcstats.pipeline.sink.lake;

import java.util.OptionalLong;

/**
 * The end offset of a roll whose files may already be in the bucket, kept in the metadata of the partition's
 * committed offset (which still points at the roll's first record) until the roll's end is committed. Whoever
 * owns the partition next rolls at exactly this offset again, so its files get the same names and overwrite.
 */
final class RollIntent {
    private static final String PREFIX = "rtcstats-lake-roll-end=";

    private RollIntent() {}

    static String metadata(long end) {
        return PREFIX + end;
    }

    /** The end offset of an unfinished roll, or empty when the metadata records none. */
    static OptionalLong parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
