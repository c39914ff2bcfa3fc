package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A getStats report carried into the next poll unchanged but for its {@code timestamp}: a read-only view over the
 * previous report's properties with the new timestamp in place (or last, when it had none), so that carrying a
 * report forward costs a few objects instead of a copy. A view of a view reads straight from the original
 * properties, so views never nest.
 */
// Jackson's ObjectNode narrows JsonNode's generic deepCopy(); javac flags that on every subclass.
@SuppressWarnings("unchecked")
final class CarriedReport extends ObjectNode {
    private final Properties properties;

    private CarriedReport(Properties properties) {
        super(JsonNodeFactory.instance, properties);
        this.properties = properties;
    }

    static ObjectNode of(ObjectNode previous, JsonNode timestamp) {
        ObjectNode original = previous instanceof CarriedReport carried ? carried.properties.original : previous;
        return new CarriedReport(new Properties(original, timestamp));
    }

    /** The original's properties with {@code timestamp} replaced or appended; every mutator throws. */
    private static final class Properties extends AbstractMap<String, JsonNode> {
        private static final String TIMESTAMP = "timestamp";
        private final ObjectNode original;
        private final JsonNode timestamp;
        private final boolean appended;

        Properties(ObjectNode original, JsonNode timestamp) {
            this.original = original;
            this.timestamp = timestamp;
            this.appended = !original.has(TIMESTAMP);
        }

        @Override
        public JsonNode get(Object key) {
            return TIMESTAMP.equals(key) ? timestamp : key instanceof String name ? original.get(name) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return original.size() + (appended ? 1 : 0);
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return new Entries();
                }

                @Override
                public int size() {
                    return Properties.this.size();
                }
            };
        }

        private final class Entries implements Iterator<Entry<String, JsonNode>> {
            private final Iterator<Entry<String, JsonNode>> properties =
                    original.properties().iterator();
            private boolean timestampDone = !appended;

            @Override
            public boolean hasNext() {
                return properties.hasNext() || !timestampDone;
            }

            @Override
            public Entry<String, JsonNode> next() {
                if (properties.hasNext()) {
                    Entry<String, JsonNode> entry = properties.next();
                    return entry.getKey().equals(TIMESTAMP) ? Map.entry(TIMESTAMP, timestamp) : entry;
                }
                if (timestampDone) {
                    throw new NoSuchElementException();
                }
                timestampDone = true;
                return Map.entry(TIMESTAMP, timestamp);
            }
        }
    }
}
