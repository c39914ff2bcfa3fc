package dev.rtcstats.pipeline.sink.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rtcstats.pipeline.common.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a feature value (JSON: number, boolean, string, object or array) into the Java value of a lake column type,
 * as ClickHouse would convert it on insert. A value that has no sensible conversion becomes null.
 */
final class FeatureValues {
    private FeatureValues() {}

    static Object convert(Object value, LakeType type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case STRING -> text(value);
            case BOOLEAN ->
                switch (value) {
                    case Boolean flag -> flag;
                    case Number number -> number.doubleValue() != 0;
                    default -> bool(value.toString());
                };
            case INT64 ->
                switch (value) {
                    case Boolean flag -> flag ? 1L : 0L;
                    case Number number -> number.longValue();
                    default -> parseLong(value.toString());
                };
            case DOUBLE ->
                switch (value) {
                    case Boolean flag -> flag ? 1.0 : 0.0;
                    case Number number -> number.doubleValue();
                    default -> parseDouble(value.toString());
                };
            case TIMESTAMP_MILLIS ->
                switch (value) {
                    case Number number -> number.longValue();
                    default -> parseInstant(value.toString());
                };
        };
    }

    /** The lake type of a ClickHouse column type; {@code Nullable} and {@code LowCardinality} are looked through. */
    static LakeType typeOf(String clickHouseType) {
        String type = baseType(clickHouseType);
        if (type.startsWith("DateTime")) {
            return LakeType.TIMESTAMP_MILLIS;
        }
        if (type.equals("Bool")) {
            return LakeType.BOOLEAN;
        }
        if (type.startsWith("Int") || type.startsWith("UInt")) {
            return LakeType.INT64;
        }
        if (type.startsWith("Float") || type.startsWith("Decimal")) {
            return LakeType.DOUBLE;
        }
        return LakeType.STRING;
    }

    static boolean isNullable(String clickHouseType) {
        return clickHouseType.strip().startsWith("Nullable(");
    }

    private static String baseType(String columnType) {
        String type = columnType.strip();
        while (type.startsWith("Nullable(") || type.startsWith("LowCardinality(")) {
            type = type.substring(type.indexOf('(') + 1, type.length() - 1).strip();
        }
        return type;
    }

    private static String text(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return value.toString();
            }
        }
        return value.toString();
    }

    private static Boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseInstant(String text) {
        try {
            return Instant.parse(text.strip()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
