package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassembles dumps from the dumps topic ({@link Topics#DUMPS}) into local spool files and puts each finished one
 * into the bucket under its deterministic key. A partition's offset moves past a connection only once its object is
 * durable, or once the dead letter that replaces it was acknowledged.
 */
final class BlobSink implements RecordSink {
    private static final Logger LOGGER = LoggerFactory.getLogger(BlobSink.class);

    private final BlobStore store;
    private final Path spoolDir;
    private final DeadLetters deadLetters;
    private final SinkMetrics metrics;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Map<String, Open> open = new HashMap<>();
    private final ArrayDeque<Finished> finished = new ArrayDeque<>();
    /** Dead letters not yet acknowledged, each holding its partition's commit at its own offset. */
    private final List<Pending> pendingLetters = new ArrayList<>();

    BlobSink(BlobStore store, Path spoolDir, DeadLetters deadLetters, SinkMetrics metrics) {
        this.store = store;
        this.spoolDir = spoolDir;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            accept(record, partition, DumpChunkCodec.decode(record.key(), record.headers(), record.value()));
        } catch (IOException e) {
            // The local disk failed: the chunk cannot be kept, so stop rather than commit past it.
            throw new UncheckedIOException("cannot spool dump chunk at " + partition + "@" + record.offset(), e);
        } catch (RuntimeException e) {
            deadLetter(record, partition, SinkDeadLetterReason.UNDECODABLE, e);
        }
        offsets.seen(partition, record.offset());
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, TopicPartition partition, DumpChunk chunk)
            throws IOException {
        String id = chunk.connectionId();
        Open current = open.get(id);
        if (chunk.index() == 0) {
            try {
                BlobKeys.forConnection(id);
            } catch (IllegalArgumentException e) {
                deadLetter(record, partition, SinkDeadLetterReason.INVALID_CONNECTION_ID, e);
                return;
            }
            // A first chunk for an open connection means the producer started it over: the old spool is stale.
            discard(id);
            // Only where the dump started is kept, for a dead letter if the store refuses the object.
            ConsumerRecord<byte[], byte[]> first =
                    new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(), null);
            current = new Open(partition, new DumpSpool(spoolDir, id), first);
            open.put(id, current);
            offsets.open(partition, id, record.offset());
        } else if (current == null || current.spool.nextIndex() != chunk.index()) {
            discard(id);
            deadLetter(
                    record,
                    partition,
                    SinkDeadLetterReason.CHUNK_OUT_OF_SEQUENCE,
                    new IllegalStateException("chunk " + chunk.index() + " of " + id + ", expected "
                            + (current == null ? 0 : current.spool.nextIndex())));
            return;
        }
        current.spool.append(chunk.bytes());
        if (chunk.last()) {
            open.remove(id);
            finished.add(new Finished(partition, current.spool.finish(), current.first));
        }
    }

    @Override
    public void flush(boolean force) throws Exception {
        sendPendingLetters();
        while (!finished.isEmpty()) {
            Finished next = finished.peek();
            try {
                store.put(next.dump);
                metrics.blobWritten(next.dump);
            } catch (PermanentBlobException e) {
                deadLetters.send(List.of(DeadLetters.Letter.of(
                                DeadLetter.Stage.SINK_BLOBS, SinkDeadLetterReason.REJECTED_BY_S3, e, next.first)
                        .withValue(head(next.dump.file()))));
            }
            finished.poll();
            offsets.durable(next.partition, next.dump.connectionId());
            Files.deleteIfExists(next.dump.file());
        }
    }

    @Override
    public Map<TopicPartition, Long> durableOffsets() {
        Map<TopicPartition, Long> durable = new HashMap<>();
        offsets.committable().forEach((partition, offset) -> durable.put(partition, offset.offset()));
        return durable;
    }

    @Override
    public Set<TopicPartition> drop(Collection<TopicPartition> partitions) {
        open.values().removeIf(connection -> {
            if (partitions.contains(connection.partition)) {
                closeQuietly(connection.spool);
                return true;
            }
            return false;
        });
        for (Iterator<Finished> it = finished.iterator(); it.hasNext(); ) {
            Finished done = it.next();
            if (partitions.contains(done.partition)) {
                deleteQuietly(done.dump.file());
                it.remove();
            }
        }
        pendingLetters.removeIf(pending -> partitions.contains(pending.partition));
        offsets.forget(partitions);
        return Set.of();
    }

    @Override
    public void publishGauges() {
        metrics.openConnections(offsets.openConnections());
    }

    private void deadLetter(
            ConsumerRecord<byte[], byte[]> record,
            TopicPartition partition,
            SinkDeadLetterReason reason,
            Throwable cause) {
        String barrier = "dead-letter@" + record.offset();
        offsets.open(partition, barrier, record.offset());
        pendingLetters.add(new Pending(
                partition, barrier, DeadLetters.Letter.of(DeadLetter.Stage.SINK_BLOBS, reason, cause, record)));
    }

    private void sendPendingLetters() throws Exception {
        if (pendingLetters.isEmpty()) {
            return;
        }
        deadLetters.send(pendingLetters.stream().map(Pending::letter).toList());
        pendingLetters.forEach(pending -> offsets.durable(pending.partition, pending.barrier));
        pendingLetters.clear();
    }

    /** The first bytes of the refused object, as much as a dead letter carries. */
    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(DeadLetter.MAX_VALUE_BYTES);
        }
    }

    private void discard(String connectionId) {
        Open stale = open.remove(connectionId);
        if (stale != null) {
            closeQuietly(stale.spool);
            offsets.durable(stale.partition, connectionId);
        }
    }

    private static void closeQuietly(DumpSpool spool) {
        try {
            spool.close();
        } catch (IOException e) {
            LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("cannot delete spool file");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOGGER.atWarn()
                    .addKeyValue("file", file)
                    .addKeyValue("error", e.getMessage())
                    .log("cannot delete file");
        }
    }

    private record Open(TopicPartition partition, DumpSpool spool, ConsumerRecord<byte[], byte[]> first) {}

    private record Finished(TopicPartition partition, GzipDump dump, ConsumerRecord<byte[], byte[]> first) {}

    private record Pending(TopicPartition partition, String barrier, DeadLetters.Letter letter) {}
}
