package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads everything a test's own frames topic holds, from the beginning; no group, so closing never waits. */
final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    TopicReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once more and returns every record read so far. */
    List<ConsumerRecord<byte[], byte[]>> records() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    List<ConnectionEvent> events() {
        return records().stream()
                .map(r -> ConnectionEventCodec.decode(r.key(), r.headers(), r.value()))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
