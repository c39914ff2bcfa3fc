package dev.rtcstats.pipeline.sink.lake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import org.apache.kafka.common.TopicPartition;

/**
 * Object keys of the lake: {@code <prefix>/<table>/tenant=<tenant>/date=<yyyy-mm-dd>/<topic>-<partition>-<first
 * offset>-<end offset>.parquet}. The name depends only on the source partition and the offset range the file was
 * rolled from, so writing the same range again overwrites the same objects.
 */
final class LakeLayout {
    /** Hive's name for a partition whose value is missing. */
    static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final int MAX_VALUE_CHARS = 128;
    private final String prefix;

    LakeLayout(String prefix) {
        this.prefix = prefix;
    }

    String key(String table, String tenant, LocalDate date, TopicPartition source, long start, long end) {
        return prefix + "/" + table + "/tenant=" + partitionValue(tenant) + "/date=" + date + "/"
                + fileName(source, start, end);
    }

    /** Zero-padded offsets, so a listing sorts files of a partition by position. */
    static String fileName(TopicPartition source, long start, long end) {
        return "%s-%d-%020d-%020d.parquet".formatted(source.topic(), source.partition(), start, end);
    }

    /**
     * A tenant as a path segment: letters, digits, {@code . _ -} as they are, every other byte of its UTF-8 form as
     * {@code %XX} (Hive's escaping), empty as {@value #DEFAULT_PARTITION}. A value longer than 128 characters keeps
     * its first 64 and a hash of the whole, so a hostile claim cannot make keys longer than S3 allows.
     */
    static String partitionValue(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_PARTITION;
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-') {
                escaped.append((char) c);
            } else {
                escaped.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        if (escaped.length() <= MAX_VALUE_CHARS) {
            return escaped.toString();
        }
        return escaped.substring(0, 64) + "~" + sha256(value).substring(0, 16);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
