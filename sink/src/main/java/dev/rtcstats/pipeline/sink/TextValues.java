package dev.rtcstats.pipeline.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rtcstats.pipeline.common.Json;
import java.util.Collection;
import java.util.Map;

/**
 * Text values in RowBinary, checked like every value ({@link Values}): unpaired surrogates become U+FFFD (counted as
 * invalid UTF-8), text over {@link #MAX_TEXT_BYTES} is cut at a character boundary, and a key column over
 * {@link #MAX_KEY_BYTES} rejects its row.
 */
final class TextValues {
    /** Key columns (ids, names of series) longer than this reject their row. */
    static final int MAX_KEY_BYTES = 1_024;
    /** Other text is cut to this many bytes at a character boundary. */
    static final int MAX_TEXT_BYTES = 64 * 1024;

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private TextValues() {}

    /** Text into a String column: unpaired surrogates become U+FFFD, text over the cap is cut (or rejected). */
    static void text(RowBinary out, Column column, String text, Values.Adjustments adjustments) {
        if (column.nullable()) {
            out.byteValue(text == null ? 1 : 0);
            if (text == null) {
                return;
            }
        }
        utf8(out, column, text == null ? "" : text, adjustments);
    }

    /** The RowBinary bytes of one text value, for values written many times (series names). */
    static byte[] encodedText(Column column, String text, Values.Adjustments adjustments) {
        RowBinary out = new RowBinary(text == null ? 1 : text.length() + 3);
        text(out, column, text, adjustments);
        byte[] bytes = new byte[out.size()];
        System.arraycopy(out.array(), 0, bytes, 0, out.size());
        return bytes;
    }

    /** Any JSON-ish value as text: maps and lists as JSON. */
    static String asText(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        return value == null ? "" : value.toString();
    }

    /** UTF-8 of {@code text} with its length, unpaired surrogates replaced and cut to the column's cap. */
    static void utf8(RowBinary out, Column column, String text, Values.Adjustments adjustments) {
        int max = column.key() ? MAX_KEY_BYTES : MAX_TEXT_BYTES;
        int length = text.length();
        int bytes = 0;
        int end = length;
        boolean invalid = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int width;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 4;
            } else {
                invalid |= Character.isSurrogate(c);
                width = 3;
            }
            if (bytes + width > max) {
                end = i;
                break;
            }
            bytes += width;
            if (width == 4) {
                i++;
            }
        }
        if (end < length) {
            if (column.key()) {
                throw new RejectedValue(column.name(), ValueCheck.STRING_TOO_LONG);
            }
            adjustments.adjusted(ValueCheck.STRING_TOO_LONG);
        }
        if (invalid) {
            adjustments.adjusted(ValueCheck.INVALID_UTF8);
        }
        out.varint(bytes);
        int at = out.reserve(bytes);
        byte[] target = out.array();
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                target[at++] = (byte) c;
            } else if (c < 0x800) {
                target[at++] = (byte) (0xC0 | (c >> 6));
                target[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                target[at++] = (byte) (0xF0 | (cp >> 18));
                target[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                target[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                target[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                System.arraycopy(REPLACEMENT, 0, target, at, 3);
                at += 3;
            } else {
                target[at++] = (byte) (0xE0 | (c >> 12));
                target[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                target[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }
}
