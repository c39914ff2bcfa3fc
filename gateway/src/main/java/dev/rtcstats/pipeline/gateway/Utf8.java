package dev.rtcstats.pipeline.gateway;

/**
 * UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) for bytes that did not come
 * through the WebSocket layer's own check: binary frames and uploaded lines.
 */
final class Utf8 {
    private Utf8() {}

    static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int count;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                count = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                count = 2;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                count = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + count >= end) {
                return false;
            }
            int codePoint = lead & (0x3F >> count);
            for (int k = 1; k <= count; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return false;
            }
            i += count + 1;
        }
        return true;
    }
}
