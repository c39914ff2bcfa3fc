package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The value kinds a feature can take, with the Java type it is emitted as and its ClickHouse column type.
 * Conversion returns {@code null} (feature absent) for values of the wrong kind, as untrusted dumps may hold anything.
 */
public enum FeatureType {
    /** Emitted as {@link Boolean}. */
    BOOL("Bool"),
    /** Emitted as {@link Long}; fractional inputs are rounded, as an integer SQL column would. */
    INT("Int64"),
    /** Emitted as {@link Double}; NaN and infinities are absent. */
    FLOAT("Float64"),
    /** Emitted as {@link String}; non-string JSON values are written as JSON text. */
    STRING("String"),
    /** Epoch milliseconds, emitted as {@link Long}. */
    TIME("DateTime64(3, 'UTC')"),
    /**
     * A JSON value, emitted as its compact JSON text: normally an object, but a string or number is kept as the
     * reference's {@code jsonb} column keeps it ({@code "ua"}).
     */
    JSON("String");

    private final String clickHouseType;

    FeatureType(String clickHouseType) {
        this.clickHouseType = clickHouseType;
    }

    /** The ClickHouse type of the column, without {@code Nullable}. */
    public String clickHouseType() {
        return clickHouseType;
    }

    /** The value in this type's Java representation, or {@code null} when it is undefined or of the wrong kind. */
    Object convert(Object value) {
        if (value instanceof JsonNode node) {
            return convertJson(node);
        }
        return switch (this) {
            case BOOL -> value instanceof Boolean ? value : null;
            case INT, TIME -> value instanceof Number number ? integral(number.doubleValue(), number) : null;
            case FLOAT ->
                value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : null;
            case STRING -> value == null ? null : value.toString();
            case JSON -> null;
        };
    }

    private Object convertJson(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return switch (this) {
            case BOOL -> node.isBoolean() ? node.booleanValue() : null;
            case INT, TIME -> node.isNumber() ? integral(node.doubleValue(), node.numberValue()) : null;
            case FLOAT -> node.isNumber() && Double.isFinite(node.doubleValue()) ? node.doubleValue() : null;
            case STRING -> node.isTextual() ? node.textValue() : node.isValueNode() ? node.asText() : node.toString();
            case JSON -> node.toString();
        };
    }

    private static Long integral(double value, Number original) {
        if (original instanceof Long || original instanceof Integer || original instanceof Short) {
            return original.longValue();
        }
        return Double.isFinite(value) ? Math.round(value) : null;
    }
}
