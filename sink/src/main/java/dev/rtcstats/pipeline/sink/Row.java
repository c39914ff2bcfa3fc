package dev.rtcstats.pipeline.sink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row for a ClickHouse table: column name to a JDBC-ready value (String, Number, Boolean or null). */
record Row(String table, Map<String, Object> values) {
    Row {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
