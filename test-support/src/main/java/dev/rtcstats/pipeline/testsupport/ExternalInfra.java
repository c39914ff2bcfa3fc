package dev.rtcstats.pipeline.testsupport;

import dev.rtcstats.pipeline.common.Env;
import java.util.Map;

/**
 * Servers someone else runs, for example the compose stack in {@code infra/compose.yaml} or a staging cluster:
 * {@code RTCSTATS_TEST_KAFKA}, {@code RTCSTATS_TEST_CLICKHOUSE_URL}, {@code RTCSTATS_TEST_S3_ENDPOINT},
 * {@code RTCSTATS_TEST_S3_ACCESS_KEY} and {@code RTCSTATS_TEST_S3_SECRET_KEY}.
 */
public final class ExternalInfra implements TestInfra {
    private final String kafka;
    private final String clickhouse;
    private final String s3;
    private final String s3Key;
    private final String s3Secret;

    public ExternalInfra(Map<String, String> environment) {
        Env env = new Env(environment);
        this.kafka = env.required("RTCSTATS_TEST_KAFKA");
        this.clickhouse = env.required("RTCSTATS_TEST_CLICKHOUSE_URL");
        this.s3 = env.required("RTCSTATS_TEST_S3_ENDPOINT");
        this.s3Key = env.string("RTCSTATS_TEST_S3_ACCESS_KEY", EmbeddedInfra.S3_KEY);
        this.s3Secret = env.string("RTCSTATS_TEST_S3_SECRET_KEY", EmbeddedInfra.S3_SECRET);
    }

    @Override
    public String kafkaBootstrap() {
        return kafka;
    }

    @Override
    public String clickhouseJdbcUrl() {
        return clickhouse;
    }

    @Override
    public String s3Endpoint() {
        return s3;
    }

    @Override
    public String s3AccessKey() {
        return s3Key;
    }

    @Override
    public String s3SecretKey() {
        return s3Secret;
    }

    @Override
    public void createTopic(String name, int partitions) {
        KafkaTopics.create(kafka, name, partitions);
    }

    @Override
    public void close() {
        // Nothing to stop: the servers belong to whoever started them.
    }
}
