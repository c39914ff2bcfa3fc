package dev.rtcstats.pipeline.common;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Typed reads of environment variables. Every failure is a {@link ConfigException} that names the variable and
 * what it expects, so a service with bad config stops at start with a message an operator can act on.
 */
public final class Env {
    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    /** The value, or {@code fallback} when the variable is unset or blank. */
    public String string(String name, String fallback) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    public String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new ConfigException(name + " is required but not set");
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        long value = longValue(name, fallback, min, max);
        return (int) value;
    }

    public long longValue(String name, long fallback, long min, long max) {
        String text = string(name, null);
        long value;
        if (text == null) {
            value = fallback;
        } else {
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number, got '" + text + "'");
            }
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + text + "'");
        };
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or an ISO-8601 {@code PT30S}. */
    public Duration duration(String name, Duration fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            Duration value = parseDuration(text);
            if (value.isNegative()) {
                throw new ConfigException(name + " must not be negative, got '" + text + "'");
            }
            return value;
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new ConfigException(name + " must be a duration such as 500ms, 30s, 5m or 1h, got '" + text + "'");
        }
    }

    static Duration parseDuration(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("pt") || lower.startsWith("p")) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        if (lower.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
        }
        long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
        return switch (lower.charAt(lower.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("no unit");
        };
    }
}
