package dev.rtcstats.pipeline.testsupport;

import java.net.URI;
import java.util.Properties;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in this JVM: a KRaft broker ({@code KafkaClusterTestKit}), S3Proxy with an in-memory store, and the
 * ClickHouse engine (chDB) behind {@link ClickHouseHttpFront} in a child JVM (see {@link ClickHouseServerMain}).
 */
public final class EmbeddedInfra implements TestInfra {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedInfra.class);
    static final String S3_KEY = "minioadmin";
    static final String S3_SECRET = "minioadmin";

    private final KafkaClusterTestKit kafka;
    private final S3Proxy s3;
    private final ClickHouseProcess clickhouse;

    private EmbeddedInfra(KafkaClusterTestKit kafka, S3Proxy s3, ClickHouseProcess clickhouse) {
        this.kafka = kafka;
        this.s3 = s3;
        this.clickhouse = clickhouse;
    }

    public static EmbeddedInfra start() {
        long started = System.nanoTime();
        try {
            KafkaClusterTestKit kafka = startKafka();
            S3Proxy s3 = startS3();
            ClickHouseProcess clickhouse = ClickHouseProcess.start(ChdbLibrary.locate());
            LOGGER.atInfo()
                    .addKeyValue("kafka", kafka.bootstrapServers())
                    .addKeyValue("s3Port", s3.getPort())
                    .addKeyValue("clickhousePort", clickhouse.port())
                    .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                    .log("embedded test infrastructure started");
            return new EmbeddedInfra(kafka, s3, clickhouse);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded test infrastructure: " + e.getMessage(), e);
        }
    }

    private static KafkaClusterTestKit startKafka() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    private static S3Proxy startS3() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY, S3_SECRET)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        return proxy;
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    @Override
    public String clickhouseJdbcUrl() {
        return clickhouse.jdbcUrl();
    }

    @Override
    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3.getPort();
    }

    @Override
    public String s3AccessKey() {
        return S3_KEY;
    }

    @Override
    public String s3SecretKey() {
        return S3_SECRET;
    }

    @Override
    public void createTopic(String name, int partitions) {
        KafkaTopics.create(kafkaBootstrap(), name, partitions);
    }

    /** Stops all three servers. */
    @Override
    public void close() {
        clickhouse.close();
        try {
            s3.stop();
        } catch (Exception e) {
            LOGGER.atWarn().setCause(e).log("S3Proxy did not stop cleanly");
        }
        try {
            kafka.close();
        } catch (Exception e) {
            LOGGER.atWarn().setCause(e).log("Kafka did not stop cleanly");
        }
    }
}
