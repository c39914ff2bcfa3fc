package dev.rtcstats.pipeline.common;

/**
 * How a feature name of rtcstats-features becomes a column name, the rule the reference's SQL migrations follow:
 * every upper-case letter becomes an underscore and its lower-case form ({@code iceConnectionTime} →
 * {@code ice_connection_time}).
 */
public final class ColumnNames {
    private ColumnNames() {}

    public static String snakeCase(String camelCase) {
        StringBuilder column = new StringBuilder(camelCase.length() + 8);
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                column.append('_').append(Character.toLowerCase(c));
            } else {
                column.append(c);
            }
        }
        return column.toString();
    }
}
