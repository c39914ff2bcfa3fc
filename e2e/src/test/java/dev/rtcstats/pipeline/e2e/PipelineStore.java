package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.testsupport.ClickHouseRows;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** What a pipeline wrote: a ClickHouse database and an S3 bucket of its own, named after the test run. */
final class PipelineStore {
    final String database;
    final String bucket;
    private final TestInfra infra;
    private final MinioClient minio;

    PipelineStore(TestInfra infra, String name) throws SQLException {
        this.infra = infra;
        this.database = name.replace('-', '_');
        this.bucket = name;
        try (Connection connection = DriverManager.getConnection(infra.clickhouseJdbcUrl(), "default", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
        }
        this.minio = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region(infra.s3Region())
                .build();
    }

    String clickhouseUrl() {
        return infra.clickhouseJdbcUrl().replace("/default", "/" + database);
    }

    /** The rows of a query, each as column label to value text. */
    List<Map<String, String>> query(String sql) throws SQLException {
        return ClickHouseRows.query(clickhouseUrl(), sql);
    }

    /** The object, gunzipped. */
    String blob(String key) throws Exception {
        try (InputStream in = new GZIPInputStream(minio.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every object key in the bucket. */
    List<String> blobKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}
