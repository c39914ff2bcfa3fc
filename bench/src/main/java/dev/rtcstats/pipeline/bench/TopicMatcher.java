package dev.rtcstats.pipeline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tails the frames topic while the load runs and matches each bench frame by its id; the latency is from the
 * client's send to the moment this consumer sees the record, which can only happen after Kafka acknowledged it.
 */
final class TopicMatcher implements Runnable {
    private static final Pattern BENCH_ID = Pattern.compile("\"benchId\":\"([0-9a-f-]+)\",\"sentAt\":(\\d+)");
    private static final long DRAIN_MILLIS = 60_000;
    private final String bootstrap;
    private final String topic;
    private final Set<String> sentIds;
    private final AtomicBoolean sending;
    private final List<Long> latencies = new ArrayList<>();
    private final CountDownLatch assigned = new CountDownLatch(1);

    TopicMatcher(String bootstrap, String topic, Set<String> sentIds, AtomicBoolean sending) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.sentIds = sentIds;
        this.sending = sending;
    }

    void awaitAssigned() throws InterruptedException {
        if (!assigned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("consumer could not join " + topic);
        }
    }

    synchronized List<Long> latencies() {
        return new ArrayList<>(latencies);
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-" + UUID.randomUUID(),
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        10),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned.countDown();
            long drainUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < drainUntil) {
                if (!sending.get() && drainUntil == Long.MAX_VALUE) {
                    drainUntil = System.currentTimeMillis() + DRAIN_MILLIS;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    match(record);
                }
                if (!sending.get() && matched() >= sentIds.size()) {
                    return;
                }
            }
        }
    }

    private synchronized int matched() {
        return latencies.size();
    }

    private synchronized void match(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        Matcher matcher = BENCH_ID.matcher(new String(value, 0, Math.min(160, value.length), StandardCharsets.UTF_8));
        if (matcher.find() && sentIds.contains(matcher.group(1))) {
            latencies.add(Math.max(0, System.currentTimeMillis() - Long.parseLong(matcher.group(2))));
        }
    }
}
