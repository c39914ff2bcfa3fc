package dev.rtcstats.pipeline.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which encoder writes the records of each input topic, over the tables read at start. The rows go through two loops:
 * {@code sessions} (one session row and one feature set per connection, inserted soon after the close so that it can
 * be looked up) and {@code rows} (the time series, in large batches).
 */
final class RowRoutes {
    private RowRoutes() {}

    /** Every table the row loops write. */
    static List<String> tables() {
        List<String> tables = new ArrayList<>(FeatureRows.TABLES);
        tables.add(SessionRows.TABLE);
        tables.add(StatsRows.TABLE);
        return tables;
    }

    /** The sessions loop's topics: sessions and features. */
    static Map<String, RowEncoder> sessions(
            KafkaInputs kafka, S3Settings s3, Map<String, TableSchema> schemas, SinkMetrics metrics) {
        require(schemas, SessionRows.TABLE);
        Map<String, TableSchema> features = new HashMap<>(schemas);
        features.keySet().retainAll(FeatureRows.TABLES);
        return Map.of(
                kafka.sessionsTopic(), new SessionRows(schemas.get(SessionRows.TABLE), s3::blobUrl, metrics),
                kafka.featuresTopic(), new FeatureRows(features, metrics));
    }

    /** The time series loop's topics: the stats topic and, when set, the JSON topic of earlier versions. */
    static Map<String, RowEncoder> series(KafkaInputs kafka, Map<String, TableSchema> schemas, SinkMetrics metrics) {
        require(schemas, StatsRows.TABLE);
        StatsRows stats = new StatsRows(schemas.get(StatsRows.TABLE), metrics);
        Map<String, RowEncoder> routes = new HashMap<>();
        routes.put(kafka.statsTopic(), stats);
        if (!kafka.statsV1Topic().isEmpty()) {
            routes.put(kafka.statsV1Topic(), stats);
        }
        return routes;
    }

    private static void require(Map<String, TableSchema> schemas, String table) {
        if (!schemas.containsKey(table)) {
            throw new MigrationException("table " + table + " must exist");
        }
    }
}
