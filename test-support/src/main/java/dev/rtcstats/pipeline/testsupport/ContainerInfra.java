package dev.rtcstats.pipeline.testsupport;

import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka, ClickHouse and MinIO in Docker containers (Testcontainers), for machines with a Docker engine. Images are
 * the ones {@code infra/compose.yaml} uses; MinIO's image comes from quay.io since Docker Hub's was removed.
 * Machines without Docker (CI here) use {@link EmbeddedInfra}.
 */
public final class ContainerInfra implements TestInfra {
    private static final String CLICKHOUSE_PASSWORD = "clickhouse";
    private final KafkaContainer kafka;
    private final ClickHouseContainer clickhouse;
    private final MinIOContainer s3;

    private ContainerInfra(KafkaContainer kafka, ClickHouseContainer clickhouse, MinIOContainer s3) {
        this.kafka = kafka;
        this.clickhouse = clickhouse;
        this.s3 = s3;
    }

    public static ContainerInfra start() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.3.1");
        ClickHouseContainer clickhouse = new ClickHouseContainer("clickhouse/clickhouse-server:26.8")
                .withUsername("default")
                .withPassword(CLICKHOUSE_PASSWORD);
        MinIOContainer s3 = new MinIOContainer(DockerImageName.parse("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z")
                        .asCompatibleSubstituteFor("minio/minio"))
                .withUserName(EmbeddedInfra.S3_KEY)
                .withPassword(EmbeddedInfra.S3_SECRET);
        kafka.start();
        clickhouse.start();
        s3.start();
        return new ContainerInfra(kafka, clickhouse, s3);
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String clickhouseJdbcUrl() {
        return clickhouse.getJdbcUrl() + "?user=default&password=" + CLICKHOUSE_PASSWORD;
    }

    @Override
    public String s3Endpoint() {
        return s3.getS3URL();
    }

    @Override
    public String s3AccessKey() {
        return EmbeddedInfra.S3_KEY;
    }

    @Override
    public String s3SecretKey() {
        return EmbeddedInfra.S3_SECRET;
    }

    @Override
    public void createTopic(String name, int partitions) {
        KafkaTopics.create(kafkaBootstrap(), name, partitions);
    }

    @Override
    public void close() {
        s3.stop();
        clickhouse.stop();
        kafka.stop();
    }
}
