package dev.rtcstats.pipeline.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KafkaHealth}'s probe: the frames topic has a leader for every partition. It also keeps the topic in the
 * producer's metadata, so that no send waits for metadata on an IO thread after a quiet spell.
 */
final class TopicProbe implements KafkaHealth.Probe {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicProbe.class);

    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    TopicProbe(String bootstrapServers, Producer<byte[], byte[]> producer, String topic, Duration timeout) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "gateway-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()));
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public boolean succeeds(Duration timeout) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            if (description.partitions().stream().anyMatch(partition -> partition.leader() == null)) {
                return false;
            }
            producer.partitionsFor(topic);
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOGGER.atDebug().addKeyValue("error", e.toString()).log("Kafka probe failed");
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofMillis(500));
    }
}
