package dev.rtcstats.pipeline.enricher.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the features of one output row. Only catalogued names are accepted and values are converted to the
 * catalogued type; putting an undefined value removes the feature, like a later {@code undefined} in a JS spread.
 */
final class FeatureRow {
    private final Map<String, FeatureType> catalog;
    private final Map<String, Object> values = new LinkedHashMap<>();

    FeatureRow(Map<String, FeatureType> catalog) {
        this.catalog = catalog;
    }

    FeatureRow put(String name, Object value) {
        FeatureType type = catalog.get(name);
        if (type == null) {
            throw new IllegalArgumentException("feature not in catalogue: " + name);
        }
        Object converted = type.convert(value);
        if (converted == null) {
            values.remove(name);
        } else {
            values.put(name, converted);
        }
        return this;
    }

    Map<String, Object> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
