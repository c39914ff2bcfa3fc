package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.sink.lake.LakeConfig;
import dev.rtcstats.pipeline.sink.lake.LakeTopics;
import dev.rtcstats.pipeline.sink.lake.MinioLakeStore;
import io.minio.MinioClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the Parquet lake takes from the sink: its S3 connection, its input topics and the feature tables' columns. */
final class LakeWiring {
    private LakeWiring() {}

    static MinioLakeStore store(S3Settings s3, LakeConfig lake) {
        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey().reveal())
                .region(s3.region())
                .build();
        return new MinioLakeStore(client, lake.bucket(), s3.partSize());
    }

    static LakeTopics topics(KafkaInputs kafka) {
        return new LakeTopics(kafka.sessionsTopic(), kafka.featuresTopic(), kafka.statsTopic());
    }

    /** The columns the row sink writes in each feature table, as ClickHouse type names, in table order. */
    static Map<String, Map<String, String>> featureColumns(Map<String, TableSchema> schemas) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String table : FeatureRows.TABLES) {
            TableSchema schema = schemas.get(table);
            if (schema != null) {
                Map<String, String> columns = new LinkedHashMap<>();
                schema.columns().forEach(column -> columns.put(column.name(), typeName(column.type())));
                tables.put(table, columns);
            }
        }
        return tables;
    }

    private static String typeName(ColumnType type) {
        return switch (type) {
            case ColumnType.Text text -> "String";
            case ColumnType.Integer integer -> (integer.signed() ? "Int" : "UInt") + integer.bytes() * 8;
            case ColumnType.Floating floating -> "Float" + floating.bytes() * 8;
            case ColumnType.Bool bool -> "Bool";
            case ColumnType.DateTime64 dateTime -> "DateTime64(" + dateTime.precision() + ")";
            case ColumnType.Nullable(ColumnType inner) -> "Nullable(" + typeName(inner) + ")";
            case ColumnType.MapOf(ColumnType key, ColumnType value) ->
                "Map(" + typeName(key) + ", " + typeName(value) + ")";
            case ColumnType.Unsupported unsupported -> unsupported.name();
        };
    }
}
