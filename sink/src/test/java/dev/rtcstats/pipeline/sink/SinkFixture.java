package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.testsupport.ClickHouseRows;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One test's own topics, bucket, ClickHouse database and consumer groups on the shared servers, plus helpers to
 * produce the enricher's records and to read back what the sink wrote.
 */
final class SinkFixture implements AutoCloseable {
    static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    static final JsonSerde<StatsSeries> STATS = new JsonSerde<>(StatsSeries.class);

    /** Quotes, a backslash, a tab and non-ASCII: values must reach ClickHouse unchanged. */
    static final String TRICKY_USER_AGENT = "Mozilla/5.0 (X11; \"Linux\") O'Brien\\\tÜ";

    final TestInfra infra;
    final String database;
    final Map<String, String> env = new HashMap<>();
    final MinioClient minio;
    private final KafkaProducer<byte[], byte[]> producer;

    SinkFixture(TestInfra infra, Path spoolDir) throws SQLException {
        this.infra = infra;
        String name = TestInfra.uniqueName("sink");
        this.database = name.replace('-', '_');
        String dumps = name + "-dumps";
        String sessions = name + "-sessions";
        String features = name + "-features";
        String stats = name + "-stats";
        infra.createTopic(dumps, 1);
        infra.createTopic(sessions, 2);
        infra.createTopic(features, 2);
        infra.createTopic(stats, 2);
        infra.createTopic(name + "-dead-letters", 1);
        execute(infra.clickhouseJdbcUrl(), "CREATE DATABASE IF NOT EXISTS " + database);
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("SINK_GROUP_ID", name);
        env.put("SINK_TOPIC_DUMPS", dumps);
        env.put("SINK_TOPIC_SESSIONS", sessions);
        env.put("SINK_TOPIC_FEATURES", features);
        env.put("SINK_TOPIC_STATS", stats);
        env.put("SINK_TOPIC_DEAD_LETTERS", name + "-dead-letters");
        env.put("SINK_SHUTDOWN_GRACE", "5s");
        env.put("SINK_S3_ENDPOINT", infra.s3Endpoint());
        env.put("SINK_S3_ACCESS_KEY", infra.s3AccessKey());
        env.put("SINK_S3_SECRET_KEY", infra.s3SecretKey());
        env.put("SINK_S3_REGION", infra.s3Region());
        env.put("SINK_S3_BUCKET", name);
        env.put("SINK_S3_PART_SIZE", Long.toString(S3Settings.MIN_PART_SIZE));
        env.put("SINK_SPOOL_DIR", spoolDir.toString());
        env.put("SINK_CLICKHOUSE_URL", clickhouseUrl());
        env.put("SINK_BATCH_ROWS", "50");
        env.put("SINK_BATCH_INTERVAL", "300ms");
        env.put("SINK_RETRY_INITIAL", "100ms");
        env.put("SINK_RETRY_MAX", "1s");
        env.put("SINK_HTTP_PORT", "0");
        this.minio = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region(infra.s3Region())
                .build();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2097152");
        producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    SinkConfig config() {
        return SinkConfig.fromEnv(env);
    }

    String clickhouseUrl() {
        return infra.clickhouseJdbcUrl().replace("/default", "/" + database);
    }

    /** Applies the packaged migrations, as the sink does at start. */
    String deadLettersTopic() {
        return env.get("SINK_TOPIC_DEAD_LETTERS");
    }

    void prepareSchema() throws SQLException {
        new MigrationRunner(new ClickHouse(clickhouseUrl(), "default", "")).migrate(Migrations.fromClasspath());
    }

    /** Produces the dump in chunks of {@code chunkSize} bytes, as the enricher would. */
    void produceDump(String connectionId, byte[] dump, int chunkSize) {
        for (DumpChunk chunk : chunks(connectionId, dump, chunkSize)) {
            sendChunk(chunk);
        }
        producer.flush();
    }

    static List<DumpChunk> chunks(String connectionId, byte[] dump, int chunkSize) {
        List<DumpChunk> chunks = new ArrayList<>();
        int index = 0;
        for (int from = 0; from < dump.length || index == 0; from += chunkSize) {
            int to = Math.min(dump.length, from + chunkSize);
            chunks.add(new DumpChunk(connectionId, index++, to >= dump.length, 1, Arrays.copyOfRange(dump, from, to)));
        }
        return chunks;
    }

    void sendChunk(DumpChunk chunk) {
        producer.send(new ProducerRecord<>(
                env.get("SINK_TOPIC_DUMPS"),
                null,
                chunk.connectionId().getBytes(StandardCharsets.UTF_8),
                chunk.bytes(),
                DumpChunkCodec.headers(chunk)));
    }

    void produceSession(SessionRecord session) {
        send(env.get("SINK_TOPIC_SESSIONS"), session.connectionId(), SESSIONS.toBytes(session));
    }

    void produceFeatures(FeatureRecord features) {
        send(env.get("SINK_TOPIC_FEATURES"), features.connectionId(), FEATURES.toBytes(features));
    }

    void produceStats(StatsSeries series) {
        send(env.get("SINK_TOPIC_STATS"), series.connectionId(), STATS.toBytes(series));
    }

    void produceSessionAsync(SessionRecord session) {
        producer.send(new ProducerRecord<>(
                env.get("SINK_TOPIC_SESSIONS"),
                session.connectionId().getBytes(StandardCharsets.UTF_8),
                SESSIONS.toBytes(session)));
    }

    void produceFeaturesAsync(FeatureRecord features) {
        producer.send(new ProducerRecord<>(
                env.get("SINK_TOPIC_FEATURES"),
                features.connectionId().getBytes(StandardCharsets.UTF_8),
                FEATURES.toBytes(features)));
    }

    void flush() {
        producer.flush();
    }

    void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        producer.flush();
    }

    /** Every dead letter on this fixture's dead-letter topic so far, with its value. */
    List<Map.Entry<DeadLetter, byte[]>> deadLetters() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Map.Entry<DeadLetter, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(deadLettersTopic(), 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).get(partitions.getFirst());
            while (consumer.position(partitions.getFirst()) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(Map.entry(DeadLetter.fromHeaders(record.headers()), record.value()));
                }
            }
        }
        return letters;
    }

    static SessionRecord session(String connectionId, String conference, String user, long version) {
        return new SessionRecord(
                SessionRecord.FORMAT,
                connectionId,
                user,
                conference,
                "session-" + connectionId,
                "acme",
                "gw-1",
                1_758_602_115_667L,
                1_758_602_121_213L,
                4,
                1001,
                "client",
                TRICKY_USER_AGENT,
                "https://webrtc.github.io",
                "rtcstats#4.0",
                881,
                connectionId + ".gz",
                version);
    }

    static FeatureRecord features(String connectionId, String conference) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("calledGetUserMedia", true);
        client.put("duration", 5546);
        client.put("operatingSystem", "Linux");
        client.put("startTime", 1_758_602_115_670L);
        client.put("notAFeatureColumn", 1);
        Map<String, Object> connection = Map.of("connectionIdentifier", "PC_0", "iceRestarts", 0);
        Map<String, Object> track = Map.of("connectionIdentifier", "PC_0", "trackIdentifier", "t1", "psnrSumY", 12.5);
        return new FeatureRecord(
                FeatureRecord.FORMAT,
                connectionId,
                "alice",
                conference,
                "s1",
                "acme",
                1_758_602_115_667L,
                1,
                Map.of("origin", "https://webrtc.github.io"),
                client,
                List.of(connection),
                List.of(track));
    }

    byte[] blob(String key) throws Exception {
        try (InputStream in = new GZIPInputStream(minio.getObject(GetObjectArgs.builder()
                .bucket(env.get("SINK_S3_BUCKET"))
                .object(key)
                .build()))) {
            return in.readAllBytes();
        }
    }

    StatObjectResponse stat(String key) throws Exception {
        return minio.statObject(StatObjectArgs.builder()
                .bucket(env.get("SINK_S3_BUCKET"))
                .object(key)
                .build());
    }

    List<String> keys() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder()
                .bucket(env.get("SINK_S3_BUCKET"))
                .recursive(true)
                .build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    /** The rows of a query, each as column label → value text. */
    List<Map<String, String>> query(String sql) throws SQLException {
        return ClickHouseRows.query(clickhouseUrl(), sql);
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(query(sql).getFirst().values().iterator().next());
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "default", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static byte[] sampleDump(String connectionId, int frames) {
        StringBuilder dump = new StringBuilder("RTCStatsDump\n{\"fileFormat\":3,\"origin\":\"https://example.com\"}\n");
        for (int i = 0; i < frames; i++) {
            dump.append("[\"getstats\",\"PC_0\",{\"conn\":\"")
                    .append(connectionId)
                    .append("\",\"i\":")
                    .append(i)
                    .append("},")
                    .append(1000 + i)
                    .append("]\n");
        }
        dump.append("[\"close\",null,1001,2353]");
        return dump.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Path tempDir() throws Exception {
        return Files.createTempDirectory("sink-spool");
    }

    @Override
    public void close() {
        producer.close();
    }
}
