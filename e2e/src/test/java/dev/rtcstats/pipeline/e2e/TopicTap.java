package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads, from the beginning and as committed, the opens of one conference on the frames topic (which connection ids
 * each session got) and every dead letter. No consumer group; polled by the test thread only. Lookups poll
 * briefly and answer with what has been read so far, so a check that something is absent is only final after
 * {@link #drain}.
 */
final class TopicTap implements AutoCloseable {
    private static final Duration QUICK_POLL = Duration.ofMillis(20);
    private static final Duration DRAIN_POLL = Duration.ofMillis(500);

    /** A dead letter as read back with {@link DeadLetter#fromHeaders}, with the tags it carries, if any. */
    record Letter(DeadLetter letter, String conference, String session, byte[] value) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String conference;
    private final Map<String, Set<String>> connectionsBySession = new HashMap<>();
    private final List<Letter> deadLetters = new ArrayList<>();

    TopicTap(String bootstrap, String conference) {
        this.conference = conference;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        4 * 1024 * 1024),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.FRAMES, Topics.DEAD_LETTERS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has arrived since the last call, waiting at most {@code timeout} for more. */
    private int poll(Duration timeout) {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            count++;
            if (record.topic().equals(Topics.DEAD_LETTERS)) {
                deadLetters.add(new Letter(
                        DeadLetter.fromHeaders(record.headers()),
                        text(record.headers(), "rtcstats-conference"),
                        text(record.headers(), "rtcstats-session"),
                        record.value()));
            } else if ("open".equals(text(record.headers(), "rtcstats-kind"))
                    && conference.equals(text(record.headers(), "rtcstats-conference"))) {
                connectionsBySession
                        .computeIfAbsent(text(record.headers(), "rtcstats-session"), s -> new LinkedHashSet<>())
                        .add(new String(record.key(), StandardCharsets.UTF_8));
            }
        }
        return count;
    }

    /** Reads until a poll of {@link #DRAIN_POLL} brings nothing: every record committed by now has been read. */
    void drain() {
        while (poll(DRAIN_POLL) > 0) {
            // Keep reading.
        }
    }

    /** The connection ids opened with this session tag in the conference, as read so far. */
    Set<String> connections(String session) {
        poll(QUICK_POLL);
        return Set.copyOf(connectionsBySession.getOrDefault(session, Set.of()));
    }

    /** The dead letters of these connections, or carrying this session tag in the conference. */
    List<Letter> deadLetters(String session, Set<String> connectionIds) {
        poll(QUICK_POLL);
        return deadLetters.stream()
                .filter(l -> (conference.equals(l.conference()) && session.equals(l.session()))
                        || connectionIds.contains(l.letter().connectionId()))
                .toList();
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
