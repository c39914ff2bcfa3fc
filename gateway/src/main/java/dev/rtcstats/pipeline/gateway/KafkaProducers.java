package dev.rtcstats.pipeline.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The gateway's producers: idempotent with {@code acks=all}, and transactional for uploads. */
final class KafkaProducers {
    private KafkaProducers() {}

    /** The producer of WebSocket events and dead letters, shared by all IO threads. */
    static Producer<byte[], byte[]> frames(KafkaSettings settings, String gatewayId, int maxFrameBytes) {
        Map<String, Object> props = settings(settings, "gateway-" + gatewayId, maxFrameBytes);
        // Sends run on IO threads, so they must never wait for metadata. By default (rebootstrap) a producer that
        // loses every broker starts over from the bootstrap servers and forgets the topic's partitions; every send
        // would then block an IO thread for max.block.ms. Kept metadata lets the records wait in the accumulator
        // for the broker instead, up to the delivery timeout.
        props.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * One upload producer: transactional, so that an upload is published completely or not at all. Its id must be
     * unique across running gateways, which {@code GATEWAY_ID} (default: the host name) makes it.
     */
    static Producer<byte[], byte[]> upload(
            KafkaSettings settings, String gatewayId, int slot, int maxFrameBytes, Duration transactionTimeout) {
        Map<String, Object> props = settings(settings, "gateway-" + gatewayId + "-upload-" + slot, maxFrameBytes);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rtcstats-gateway-" + gatewayId + "-upload-" + slot);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> settings(KafkaSettings settings, String clientId, int maxFrameBytes) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
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
        return props;
    }
}
