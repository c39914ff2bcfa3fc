package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Tags;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes spooled uploads, each as one Kafka transaction ({@code Opened}, every message, {@code Closed}), so that
 * consumers reading committed records (the enricher: exactly-once v2 reads {@code read_committed}) see a whole
 * upload or nothing. One transactional producer per concurrent upload, created on first use; their sends share the
 * gateway's in-flight budget with the WebSocket connections.
 */
final class UploadTransactions implements AutoCloseable {
    /** Kafka did not take the upload; nothing of it is visible to committed readers. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final BlockingQueue<Slot> idle;
    private final Slot[] slots;
    private final FramePublisher records;
    private final InflightBudget budget;
    private final KafkaHealth health;
    private final GatewayMetrics metrics;
    private final Clock clock;

    UploadTransactions(GatewayConfig config, FramePublisher records, SessionServices services) {
        int count = config.upload().concurrency();
        Duration transactionTimeout = config.upload().timeout().plusMinutes(1);
        this.idle = new ArrayBlockingQueue<>(count);
        this.slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            slots[i] = new Slot(() -> KafkaProducers.upload(
                    config.kafka(), config.gatewayId(), index, config.limits().maxFrameBytes(), transactionTimeout));
            idle.add(slots[i]);
        }
        this.records = records;
        this.budget = services.budget();
        this.health = services.health();
        this.metrics = services.metrics();
        this.clock = services.clock();
    }

    /** A free transaction slot, or null when {@code concurrency} uploads are running. */
    Slot tryAcquire() {
        return idle.poll();
    }

    void release(Slot slot) {
        idle.add(slot);
    }

    /** Sends the upload in one transaction and commits it; on any failure the transaction is aborted. */
    void publish(
            Slot slot,
            String clientId,
            Tags tags,
            String metadataJson,
            List<String> remoteAddresses,
            UploadSpool spool,
            long deadlineNanos)
            throws Failed, InterruptedException {
        Producer<byte[], byte[]> producer;
        try {
            producer = slot.producer();
            producer.beginTransaction();
        } catch (KafkaException e) {
            slot.reset();
            throw new Failed("cannot start the upload transaction", e);
        }
        try {
            long now = clock.millis();
            send(
                    producer,
                    new ConnectionEvent.Opened(clientId, tags, now, metadataJson, remoteAddresses),
                    false,
                    deadlineNanos);
            long sequence = 0;
            try (UploadSpool.Reader reader = spool.read()) {
                while (reader.next()) {
                    sequence++;
                    send(
                            producer,
                            new ConnectionEvent.FrameReceived(clientId, tags, now, sequence, reader.bytes()),
                            reader.malformed(),
                            deadlineNanos);
                }
            }
            send(
                    producer,
                    new ConnectionEvent.Closed(clientId, tags, clock.millis(), CloseCodes.NORMAL, sequence, now),
                    false,
                    deadlineNanos);
            producer.flush();
            producer.commitTransaction();
            metrics.uploadCommitted();
        } catch (KafkaException | IOException | Failed e) {
            abort(slot, producer);
            throw e instanceof Failed failed ? failed : new Failed("upload not committed", e);
        } catch (InterruptedException e) {
            abort(slot, producer);
            throw e;
        }
    }

    private void send(Producer<byte[], byte[]> producer, ConnectionEvent event, boolean malformed, long deadlineNanos)
            throws Failed, InterruptedException {
        if (!budget.waitForRoom(deadlineNanos)) {
            throw new Failed("no in-flight budget before the upload deadline", null);
        }
        int bytes = event instanceof ConnectionEvent.FrameReceived frame ? frame.payload().length : 64;
        budget.take(bytes);
        long sent = System.nanoTime();
        FramePublisher.send(producer, records.record(event, malformed), (metadata, error) -> {
            budget.release(bytes);
            if (error == null) {
                health.acknowledged();
                metrics.acknowledged(System.nanoTime() - sent);
            } else {
                health.failed(error);
                metrics.sendFailed();
            }
        });
    }

    private static void abort(Slot slot, Producer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            slot.reset();
        }
    }

    /** Closes every producer; an upload still sending fails, and its open transaction is aborted by the broker. */
    void close(Duration timeout) {
        for (Slot slot : slots) {
            slot.close(timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /** One transactional producer, created and initialised when first needed, replaced after a fatal error. */
    static final class Slot {
        private final Supplier<Producer<byte[], byte[]>> factory;
        private volatile Producer<byte[], byte[]> producer;

        Slot(Supplier<Producer<byte[], byte[]>> factory) {
            this.factory = factory;
        }

        synchronized Producer<byte[], byte[]> producer() {
            if (producer == null) {
                Producer<byte[], byte[]> created = factory.get();
                try {
                    created.initTransactions();
                } catch (KafkaException e) {
                    created.close(Duration.ZERO);
                    throw e;
                }
                producer = created;
            }
            return producer;
        }

        /** Drops a producer that can no longer be used (fenced, or in an unknown transaction state). */
        synchronized void reset() {
            if (producer != null) {
                producer.close(Duration.ZERO);
                producer = null;
            }
        }

        /** Not synchronised: it must not wait for an upload that is starting its transaction. */
        void close(Duration timeout) {
            Producer<byte[], byte[]> current = producer;
            if (current != null) {
                current.close(timeout);
            }
        }
    }
}
