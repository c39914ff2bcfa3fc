package dev.rtcstats.pipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class InfraIT {

    @Test
    void shouldProduceAndConsumeOnTheBroker(TestInfra infra) throws Exception {
        // Given
        String topic = TestInfra.uniqueName("infra");
        infra.createTopic(topic, 3);

        // When
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "connection-1", "frame-" + i))
                        .get();
            }
        }

        // Then
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG, TestInfra.uniqueName("group"),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values)
                .containsExactly(
                        "frame-0", "frame-1", "frame-2", "frame-3", "frame-4", "frame-5", "frame-6", "frame-7",
                        "frame-8", "frame-9");
    }

    @Test
    void shouldWriteAndReadAnObjectWithTheMinioSdk(TestInfra infra) throws Exception {
        // Given
        MinioClient s3 = MinioClient.builder()
                .endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey())
                .region(infra.s3Region())
                .build();
        String bucket = TestInfra.uniqueName("bucket");
        byte[] body = "RTCStatsDump\n{\"fileFormat\":3}\n".getBytes(StandardCharsets.UTF_8);

        // When
        s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object("c1.gz").stream(
                        new ByteArrayInputStream(body), body.length, -1)
                .build());

        // Then
        assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))
                .isTrue();
        try (var in = s3.getObject(
                GetObjectArgs.builder().bucket(bucket).object("c1.gz").build())) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void shouldKeepTheLatestVersionInAReplacingMergeTreeThroughJdbc(TestInfra infra) throws Exception {
        // Given
        String table = TestInfra.uniqueName("sessions").replace('-', '_');
        Instant start = Instant.parse("2026-11-24T10:00:00.123Z");
        try (Connection connection = DriverManager.getConnection(infra.clickhouseJdbcUrl(), new Properties());
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE " + table + " (conference String, browser LowCardinality(String), "
                    + "session_start DateTime64(3, 'UTC'), version UInt64) "
                    + "ENGINE = ReplacingMergeTree(version) ORDER BY conference");

            // When
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (conference, browser, session_start, version) VALUES (?, ?, ?, ?)")) {
                for (long version = 1; version <= 2; version++) {
                    insert.setString(1, "room-42");
                    insert.setString(2, "Chrome " + version);
                    insert.setTimestamp(3, Timestamp.from(start));
                    insert.setLong(4, version);
                    insert.addBatch();
                }
                insert.executeBatch();
            }

            // Then
            try (ResultSet rows = ddl.executeQuery("SELECT browser, toUnixTimestamp64Milli(session_start), count() "
                    + "OVER () FROM " + table + " FINAL WHERE conference = 'room-42'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("Chrome 2");
                assertThat(rows.getLong(2)).isEqualTo(start.toEpochMilli());
                assertThat(rows.getLong(3)).isEqualTo(1);
                assertThat(rows.next()).isFalse();
            }
        }
    }
}
