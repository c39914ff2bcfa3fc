package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes events with an idempotent {@code acks=all} producer. {@code send} may block (metadata, full buffer), so
 * it runs on one dedicated thread, never on an Undertow IO thread; that thread's FIFO order keeps each connection's
 * events in order.
 */
final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
    /** Marks a frame that is not one JSON array when such frames are tagged rather than refused. */
    static final String MALFORMED_HEADER = "rtcstats-malformed";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final GatewayMetrics metrics;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("kafka-send").daemon(true).factory());
    /**
     * Connections with a send that failed. Their later frames fail unsent: a send that timed out on metadata must
     * not leave a hole in the middle of a stored dump while the frames queued behind it reach the broker. An id
     * leaves the set when its {@code Closed} is acknowledged or fails, which Kafka reports after every earlier
     * record of the same partition.
     */
    private final Set<String> failedConnections = ConcurrentHashMap.newKeySet();

    KafkaEventPublisher(Producer<byte[], byte[]> producer, String topic, GatewayMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    static Producer<byte[], byte[]> createProducer(
            GatewayConfig.Producer settings, String clientId, int maxFrameBytes) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-" + clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, settings.maxInFlight());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchBytes());
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferBytes());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1024 * 1024, maxFrameBytes + 64 * 1024));
        long delivery = settings.deliveryTimeout().toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms or the producer refuses to start.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Math.min(30_000, delivery - settings.linger().toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> publish(ConnectionEvent event, FrameCheck.Verdict verdict) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        long handedOver = System.nanoTime();
        Headers headers = ConnectionEventCodec.headers(event);
        if (verdict == FrameCheck.Verdict.NOT_JSON_ARRAY) {
            headers.add(MALFORMED_HEADER, "not-a-json-array".getBytes(StandardCharsets.UTF_8));
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                null,
                event.timestamp(),
                ConnectionEventCodec.key(event),
                ConnectionEventCodec.value(event),
                headers);
        try {
            sender.execute(() -> send(event, record, handedOver, acknowledged));
        } catch (RejectedExecutionException e) {
            metrics.sendFailed();
            acknowledged.completeExceptionally(new IllegalStateException("publisher is closed", e));
        }
        return acknowledged;
    }

    private void send(
            ConnectionEvent event,
            ProducerRecord<byte[], byte[]> record,
            long handedOver,
            CompletableFuture<Void> acknowledged) {
        String connectionId = event.connectionId();
        boolean closed = event instanceof ConnectionEvent.Closed;
        if (event instanceof ConnectionEvent.FrameReceived && failedConnections.contains(connectionId)) {
            metrics.sendFailed();
            acknowledged.completeExceptionally(
                    new IllegalStateException("an earlier event of this connection was not acknowledged"));
            return;
        }
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    metrics.acknowledged(System.nanoTime() - handedOver);
                    acknowledged.complete(null);
                } else {
                    metrics.sendFailed();
                    failedConnections.add(connectionId);
                    acknowledged.completeExceptionally(error);
                }
                if (closed) {
                    failedConnections.remove(connectionId);
                }
            });
        } catch (RuntimeException e) {
            metrics.sendFailed();
            if (closed) {
                failedConnections.remove(connectionId);
            } else {
                failedConnections.add(connectionId);
            }
            acknowledged.completeExceptionally(e);
        }
    }

    /** Sends what is queued, waits for the acknowledgements and closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        producer.close(Duration.ofSeconds(10));
    }
}
