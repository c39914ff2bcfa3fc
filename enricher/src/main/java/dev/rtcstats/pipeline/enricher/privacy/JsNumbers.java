package dev.rtcstats.pipeline.enricher.privacy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * JavaScript's {@code Number.prototype.toString()} and {@code parseInt(s, 10)}, so that numbers the reference
 * re-serialises come out with the same characters: shortest round-trip digits, plain notation from 1e-6 up to 1e21
 * and exponent notation ({@code 1e+21}, {@code 1.5e-7}) outside it.
 */
final class JsNumbers {
    private static final double SAFE_INTEGER = 9007199254740992d;

    private JsNumbers() {}

    /** The JavaScript string of a number; {@code NaN}, {@code Infinity} and {@code -Infinity} included. */
    static String toString(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < SAFE_INTEGER) {
            return Long.toString((long) value);
        }
        String sign = value < 0 ? "-" : "";
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        return sign + layout(digits, k, n);
    }

    /**
     * The shortest decimal that reads back as {@code value}. Java's {@link Double#toString} gives the shortest
     * digits except that it may prefer two digits where one would do; that case is narrowed here.
     */
    private static BigDecimal shortest(double value) {
        BigDecimal javaDigits = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (javaDigits.precision() != 2) {
            return javaDigits;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        for (BigDecimal candidate : new BigDecimal[] {
            javaDigits.setScale(javaDigits.scale() - 1, RoundingMode.FLOOR),
            javaDigits.setScale(javaDigits.scale() - 1, RoundingMode.CEILING)
        }) {
            if (candidate.signum() != 0
                    && candidate.doubleValue() == value
                    && (best == null
                            || candidate
                                            .subtract(exact)
                                            .abs()
                                            .compareTo(best.subtract(exact).abs())
                                    < 0)) {
                best = candidate;
            }
        }
        return best == null ? javaDigits : best.stripTrailingZeros();
    }

    // ECMA-262 Number::toString: value = 0.d1d2...dk x 10^n.
    private static String layout(String digits, int k, int n) {
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /** {@code parseInt(text, 10)}: leading JS white space, a sign, the longest run of digits; NaN without any. */
    static double parseInt(String text) {
        String rest = JsStrings.trimStart(text);
        boolean negative = false;
        if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) >= '0' && rest.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            return Double.NaN;
        }
        double magnitude = new BigDecimal(rest.substring(0, end)).doubleValue();
        return negative ? -magnitude : magnitude;
    }
}
