package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the sink's dead letters. A loop moves its offsets past a dead-lettered record only after {@link #send}
 * returned, that is after Kafka acknowledged the dead letter, so a crash re-reads the record instead of losing it.
 * The producer is shared by the loops (it is thread-safe); each call waits for its own records only.
 */
final class DeadLetters implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final SinkMetrics metrics;

    /** One record to dead-letter: the input record (or its parts) and why. */
    record Letter(
            DeadLetter.Stage stage,
            SinkDeadLetterReason reason,
            Throwable cause,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            byte[] key,
            byte[] value,
            Headers headers) {
        static Letter of(
                DeadLetter.Stage stage,
                SinkDeadLetterReason reason,
                Throwable cause,
                ConsumerRecord<byte[], byte[]> source) {
            return new Letter(
                    stage,
                    reason,
                    cause,
                    source.topic(),
                    source.partition(),
                    source.offset(),
                    source.key(),
                    source.value(),
                    source.headers());
        }

        /** The same letter carrying {@code replacement} as its value. */
        Letter withValue(byte[] replacement) {
            return new Letter(
                    stage, reason, cause, sourceTopic, sourcePartition, sourceOffset, key, replacement, headers);
        }
    }

    DeadLetters(Producer<byte[], byte[]> producer, String topic, SinkMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** Sends every letter and returns once Kafka acknowledged all of them; throws if any was not. */
    void send(List<Letter> letters) throws InterruptedException, ExecutionException {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (Letter letter : letters) {
            String connectionId = letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8);
            DeadLetter deadLetter = DeadLetter.of(
                    letter.stage(),
                    letter.reason(),
                    letter.cause(),
                    letter.sourceTopic(),
                    letter.sourcePartition(),
                    letter.sourceOffset(),
                    connectionId);
            int valueBytes = letter.value() == null ? 0 : letter.value().length;
            acks.add(producer.send(new ProducerRecord<>(
                    topic,
                    null,
                    letter.key(),
                    DeadLetter.boundedValue(letter.value()),
                    deadLetter.headers(letter.headers(), valueBytes))));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        for (Letter letter : letters) {
            metrics.deadLetter(letter.stage(), letter.reason());
            LOGGER.atWarn()
                    .addKeyValue("stage", letter.stage().token())
                    .addKeyValue("reason", letter.reason().token())
                    .addKeyValue("topic", letter.sourceTopic())
                    .addKeyValue("partition", letter.sourcePartition())
                    .addKeyValue("offset", letter.sourceOffset())
                    .addKeyValue(
                            "error",
                            letter.cause() == null ? null : letter.cause().getMessage())
                    .log("record sent to dead letters");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration timeout) {
        producer.close(timeout);
    }
}
