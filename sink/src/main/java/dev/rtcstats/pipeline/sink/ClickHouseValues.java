package dev.rtcstats.pipeline.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rtcstats.pipeline.common.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Turns JSON-ish values into what a ClickHouse column of a given type accepts through JDBC. */
final class ClickHouseValues {
    /**
     * DateTime64 values travel as text in the column's own zone (UTC here): an epoch number or a
     * {@link java.sql.Timestamp} would be read in a driver- or server-dependent zone.
     */
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ClickHouseValues() {}

    static String utcMillis(long epochMillis) {
        return UTC_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** {@code psnrSumY} → {@code psnr_sum_y}, the rule rtcstats-features uses for its column names. */
    static Object convert(Object value, String columnType) {
        if (value == null) {
            return null;
        }
        String type = baseType(columnType);
        if (type.startsWith("DateTime")) {
            return value instanceof Number number ? utcMillis(number.longValue()) : value.toString();
        }
        if (type.equals("Bool")) {
            return switch (value) {
                case Boolean flag -> flag;
                case Number number -> number.doubleValue() != 0;
                default -> Boolean.parseBoolean(value.toString());
            };
        }
        if (type.startsWith("Int")
                || type.startsWith("UInt")
                || type.startsWith("Float")
                || type.startsWith("Decimal")) {
            return switch (value) {
                case Boolean flag -> flag ? 1 : 0;
                case Number number -> number;
                default -> value.toString();
            };
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return value.toString();
            }
        }
        return value.toString();
    }

    /** {@code Nullable(LowCardinality(String))} → {@code String}. */
    static String baseType(String columnType) {
        String type = columnType.strip();
        while (type.startsWith("Nullable(") || type.startsWith("LowCardinality(")) {
            type = type.substring(type.indexOf('(') + 1, type.length() - 1).strip();
        }
        return type;
    }
}
