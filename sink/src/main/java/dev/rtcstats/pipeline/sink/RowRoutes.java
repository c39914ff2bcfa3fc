package dev.rtcstats.pipeline.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which encoder writes the records of each input topic of the row loop, over the tables read at start. */
final class RowRoutes {
    private RowRoutes() {}

    /** Every table the row loop writes. */
    static List<String> tables() {
        List<String> tables = new ArrayList<>(FeatureRows.TABLES);
        tables.add(SessionRows.TABLE);
        tables.add(StatsRows.TABLE);
        return tables;
    }

    static Map<String, RowEncoder> of(
            KafkaInputs kafka, S3Settings s3, Map<String, TableSchema> schemas, SinkMetrics metrics) {
        if (!schemas.containsKey(SessionRows.TABLE) || !schemas.containsKey(StatsRows.TABLE)) {
            throw new MigrationException("tables " + SessionRows.TABLE + " and " + StatsRows.TABLE + " must exist");
        }
        Map<String, TableSchema> features = new HashMap<>(schemas);
        features.keySet().retainAll(FeatureRows.TABLES);
        StatsRows stats = new StatsRows(schemas.get(StatsRows.TABLE), metrics);
        Map<String, RowEncoder> routes = new HashMap<>();
        routes.put(kafka.sessionsTopic(), new SessionRows(schemas.get(SessionRows.TABLE), s3::blobUrl, metrics));
        routes.put(kafka.featuresTopic(), new FeatureRows(features, metrics));
        routes.put(kafka.statsTopic(), stats);
        if (!kafka.statsV1Topic().isEmpty()) {
            routes.put(kafka.statsV1Topic(), stats);
        }
        return routes;
    }
}
