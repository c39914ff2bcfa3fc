package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.DeadLetter;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the gateway read and then refused to {@code rtcstats.dead-letters.v1}, with {@link DeadLetter} headers
 * (stage {@code gateway}, source partition and offset -1: the record never reached a topic) on top of the headers
 * the record would have had, and its value cut to {@link DeadLetter#MAX_VALUE_BYTES}. Best effort: a dead letter
 * that Kafka does not take is logged, never retried.
 */
final class DeadLetters {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final GatewayMetrics metrics;

    DeadLetters(Producer<byte[], byte[]> producer, String topic, GatewayMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** Dead-letters {@code refused}, a record that was on its way to its topic. */
    void send(GatewayDeadLetterReason reason, String connectionId, ProducerRecord<byte[], byte[]> refused) {
        byte[] value = refused.value() == null ? new byte[0] : refused.value();
        DeadLetter letter =
                DeadLetter.of(DeadLetter.Stage.GATEWAY, reason, null, refused.topic(), -1, -1, connectionId);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                null,
                refused.timestamp(),
                refused.key(),
                DeadLetter.boundedValue(value),
                letter.headers(refused.headers(), value.length));
        metrics.deadLettered(reason);
        FramePublisher.send(producer, record, (metadata, error) -> {
            if (error != null) {
                LOGGER.atWarn()
                        .addKeyValue("connectionId", connectionId)
                        .addKeyValue("reason", reason.token())
                        .addKeyValue("error", error.toString())
                        .log("dead letter not acknowledged");
            }
        });
    }
}
