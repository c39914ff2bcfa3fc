package dev.rtcstats.pipeline.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The sink's Kafka consumers (one group per loop) and its dead-letter producer, with their metrics bound. */
final class KafkaClients implements AutoCloseable {
    private final KafkaInputs inputs;
    private final MeterRegistry registry;
    private final List<KafkaClientMetrics> bound = new ArrayList<>();

    KafkaClients(KafkaInputs inputs, MeterRegistry registry) {
        this.inputs = inputs;
        this.registry = registry;
    }

    /**
     * A read-committed consumer with manual commits in group {@code <groupId>-<role>}, a static member of it when
     * the instance has an id.
     */
    KafkaConsumer<byte[], byte[]> consumer(String role) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, inputs.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, inputs.groupId() + "-" + role);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, inputs.groupId() + "-" + role);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        properties.put(
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                Long.toString(inputs.sessionTimeout().toMillis()));
        properties.put(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Long.toString(inputs.sessionTimeout().toMillis() / 3));
        inputs.instanceId().ifPresent(id -> properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        bind(new KafkaClientMetrics(consumer));
        return consumer;
    }

    /** The dead-letter producer: idempotent, {@code acks=all}, large enough for a bounded dead letter. */
    KafkaProducer<byte[], byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, inputs.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, inputs.groupId() + "-dead-letters");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2097152");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        bind(new KafkaClientMetrics(producer));
        return producer;
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        bound.add(metrics);
    }

    @Override
    public void close() {
        bound.forEach(KafkaClientMetrics::close);
    }
}
