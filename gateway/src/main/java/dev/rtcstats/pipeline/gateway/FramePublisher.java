package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.Headers;

/**
 * Hands connection events to the frames topic, straight from the calling thread: {@code KafkaProducer.send} is
 * thread-safe and does not block once the topic's metadata is known ({@link KafkaHealth} keeps it known) and the
 * in-flight budget keeps the producer's buffer from filling. Events of one connection are sent from its IO thread
 * in order, and share a key, so they land in order on one partition.
 */
final class FramePublisher {
    /** Marks a frame that is not one JSON array when such frames are tagged rather than refused. */
    static final String MALFORMED_HEADER = ConnectionEventCodec.H_MALFORMED;

    private static final byte[] MALFORMED_VALUE = "not-a-json-array".getBytes(StandardCharsets.UTF_8);

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    FramePublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** The record {@code event} becomes on the frames topic. */
    ProducerRecord<byte[], byte[]> record(ConnectionEvent event, boolean malformed) {
        Headers headers = ConnectionEventCodec.headers(event);
        if (malformed) {
            headers.add(MALFORMED_HEADER, MALFORMED_VALUE);
        }
        return new ProducerRecord<>(
                topic,
                null,
                event.timestamp(),
                ConnectionEventCodec.key(event),
                ConnectionEventCodec.value(event),
                headers);
    }

    /**
     * A refused frame as it goes to the dead letters: its record, marked malformed, with the connection's tags that
     * frame records do not carry.
     */
    ProducerRecord<byte[], byte[]> refused(ConnectionEvent.FrameReceived frame) {
        ProducerRecord<byte[], byte[]> record = record(frame, true);
        return new ProducerRecord<>(
                topic,
                null,
                record.timestamp(),
                record.key(),
                record.value(),
                ConnectionEventCodec.withTags(record.headers(), frame.tags()));
    }

    /**
     * Sends one frame, the hot path: the key is the connection's, encoded once per connection, and the headers are
     * the four of {@link ConnectionEventCodec#frameHeaders}; {@code callback} hears exactly once how it went.
     */
    void publishFrame(byte[] key, long timestamp, long sequence, byte[] payload, boolean malformed, Callback callback) {
        Headers headers = ConnectionEventCodec.frameHeaders(timestamp, sequence);
        if (malformed) {
            headers.add(MALFORMED_HEADER, MALFORMED_VALUE);
        }
        send(producer, new ProducerRecord<>(topic, null, timestamp, key, payload, headers), callback);
    }

    /** Sends {@code event}; {@code callback} hears exactly once whether Kafka acknowledged it. */
    void publish(ConnectionEvent event, boolean malformed, Callback callback) {
        send(producer, record(event, malformed), callback);
    }

    /** Sends on any producer so that {@code callback} is called exactly once, even when send itself throws. */
    static void send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record, Callback callback) {
        try {
            producer.send(record, callback);
        } catch (ApiException e) {
            // The producer has already told the callback.
        } catch (RuntimeException e) {
            callback.onCompletion(null, e);
        }
    }

    /** Waits up to {@code timeout} for what was sent, then closes the producer; what is left fails. */
    void close(Duration timeout) {
        producer.close(timeout);
    }
}
