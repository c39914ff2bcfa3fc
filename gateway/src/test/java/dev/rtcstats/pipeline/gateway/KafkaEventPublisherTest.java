package dev.rtcstats.pipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Tags tags = new Tags("u", "c", "s", null, "gw");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final KafkaEventPublisher publisher = new KafkaEventPublisher(
            producer, "frames", new GatewayMetrics(new SimpleMeterRegistry(), () -> 0, () -> 0L));

    @Test
    void shouldFailLaterFramesUnsentWhenAnEarlierSendOfTheConnectionFailed() {
        // Given: the first frame times out waiting for metadata, as during a broker restart
        producer.sendException = new TimeoutException("Topic frames not present in metadata after 5000 ms.");
        CompletableFuture<Void> first = publisher.publish(frame("a", 1));
        assertThat(first).failsWithin(WAIT);
        producer.sendException = null;

        // When
        CompletableFuture<Void> second = publisher.publish(frame("a", 2));
        CompletableFuture<Void> otherConnection = publisher.publish(frame("b", 1));
        CompletableFuture<Void> closed = publisher.publish(new ConnectionEvent.Closed("a", tags, 3, 1011, 2, 2));

        // Then
        assertThat(second).failsWithin(WAIT);
        assertThat(otherConnection).succeedsWithin(WAIT);
        assertThat(closed).as("the Closed still goes out").succeedsWithin(WAIT);
        assertThat(producer.history())
                .extracting(ProducerRecord::key)
                .extracting(key -> new String(key, StandardCharsets.UTF_8))
                .containsExactly("b", "a");
    }

    @Test
    void shouldForgetFailedConnectionWhenItsClosedWasPublished() {
        // Given
        producer.sendException = new TimeoutException("metadata");
        assertThat(publisher.publish(frame("a", 1))).failsWithin(WAIT);
        producer.sendException = null;
        assertThat(publisher.publish(new ConnectionEvent.Closed("a", tags, 3, 1011, 1, 1)))
                .succeedsWithin(WAIT);

        // When
        CompletableFuture<Void> reused = publisher.publish(frame("a", 1));

        // Then
        assertThat(reused).succeedsWithin(WAIT);
    }

    private ConnectionEvent frame(String connectionId, long sequence) {
        return new ConnectionEvent.FrameReceived(
                connectionId, tags, sequence, sequence, ("[" + sequence + "]").getBytes(StandardCharsets.UTF_8));
    }
}
