package dev.rtcstats.pipeline.testsupport;

import java.util.Locale;
import java.util.UUID;

/**
 * Real Kafka, S3 and ClickHouse endpoints for tests. One instance serves a whole test JVM; see
 * {@link InfraExtension} for how it is chosen and shared.
 */
public interface TestInfra extends AutoCloseable {

    String kafkaBootstrap();

    /** A ClickHouse JDBC URL; against the embedded engine it carries {@code compress=false}. */
    String clickhouseJdbcUrl();

    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    default String s3Region() {
        return "us-east-1";
    }

    /** Creates the topic unless it exists. */
    void createTopic(String name, int partitions);

    @Override
    void close();

    /** A name no other test uses, valid as a topic, bucket, table or group id. */
    static String uniqueName(String prefix) {
        return (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }
}
