package dev.rtcstats.pipeline.enricher.privacy;

/** JavaScript's {@code String.prototype.trim} family: white space and line terminators as ECMA-262 defines them. */
final class JsStrings {
    private JsStrings() {}

    static boolean isWhiteSpace(char c) {
        return switch (c) {
            case '\t', '\u000B', '\f', ' ', '\u00A0', '\uFEFF', '\n', '\r', '\u2028', '\u2029' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }

    static String trim(String text) {
        return trimEnd(trimStart(text));
    }

    static String trimStart(String text) {
        int start = 0;
        while (start < text.length() && isWhiteSpace(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }

    static String trimEnd(String text) {
        int end = text.length();
        while (end > 0 && isWhiteSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
