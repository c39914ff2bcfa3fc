package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassembles dumps from the dumps topic ({@link Topics#DUMPS}) into local spool files and puts each finished one
 * into the bucket under its deterministic key. A partition's offset moves past a connection only once its object is
 * durable.
 */
final class BlobSinkLoop extends SinkLoop {
    private static final Logger LOGGER = LoggerFactory.getLogger(BlobSinkLoop.class);

    private final BlobStore store;
    private final Path spoolDir;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Map<String, Open> open = new HashMap<>();
    private final ArrayDeque<Finished> finished = new ArrayDeque<>();

    BlobSinkLoop(
            Consumer<byte[], byte[]> consumer,
            String topic,
            BlobStore store,
            Path spoolDir,
            Backoff backoff,
            SinkMetrics metrics,
            Clock clock) {
        super(consumer, List.of(topic), backoff, "s3", metrics, clock);
        this.store = store;
        this.spoolDir = spoolDir;
        try {
            Files.createDirectories(spoolDir);
            removeLeftovers(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + spoolDir, e);
        }
    }

    @Override
    protected void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            accept(partition, record.offset(), DumpChunkCodec.decode(record.key(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            metrics.poison(record.topic());
            LOGGER.atWarn()
                    .addKeyValue("partition", partition)
                    .addKeyValue("offset", record.offset())
                    .addKeyValue("error", e.getMessage())
                    .log("undecodable dump chunk skipped");
        } catch (IOException e) {
            // The local disk failed: the chunk cannot be kept, so stop rather than commit past it.
            throw new UncheckedIOException("cannot spool dump chunk at " + partition + "@" + record.offset(), e);
        }
        offsets.seen(partition, record.offset());
    }

    private void accept(TopicPartition partition, long offset, DumpChunk chunk) throws IOException {
        String id = chunk.connectionId();
        Open current = open.get(id);
        if (chunk.index() == 0) {
            // An id that cannot be an object key is refused before any state exists for it.
            BlobKeys.forConnection(id);
            // A first chunk for an open connection means the producer started it over: the old spool is stale.
            discard(id);
            current = new Open(partition, new DumpSpool(spoolDir, id));
            open.put(id, current);
            offsets.open(partition, id, offset);
        } else if (current == null || current.spool.nextIndex() != chunk.index()) {
            metrics.brokenDump();
            LOGGER.atWarn()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("index", chunk.index())
                    .addKeyValue("expected", current == null ? 0 : current.spool.nextIndex())
                    .log("dump chunk out of sequence; connection dropped");
            discard(id);
            return;
        }
        current.spool.append(chunk.bytes());
        if (chunk.last()) {
            open.remove(id);
            finished.add(new Finished(partition, current.spool.finish()));
        }
    }

    @Override
    protected void write(boolean force) throws IOException {
        while (!finished.isEmpty() && !halted()) {
            Finished next = finished.peek();
            store.put(next.dump);
            finished.poll();
            offsets.durable(next.partition, next.dump.connectionId());
            Files.deleteIfExists(next.dump.file());
            metrics.blobWritten(next.dump);
            LOGGER.atDebug()
                    .addKeyValue("key", next.dump.key())
                    .addKeyValue("bytes", next.dump.compressedBytes())
                    .log("dump stored");
        }
    }

    @Override
    protected Map<TopicPartition, OffsetAndMetadata> committable() {
        return offsets.committable();
    }

    @Override
    protected void committed(Map<TopicPartition, OffsetAndMetadata> committed) {
        offsets.committed(committed);
    }

    @Override
    protected void forget(Collection<TopicPartition> partitions) {
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
        offsets.forget(partitions);
    }

    @Override
    protected void publishGauges() {
        metrics.openConnections(offsets.openConnections());
        metrics.uncommitted("dumps", offsets.uncommitted());
    }

    /** Spool files of a previous run are useless: their chunks were not committed and will be read again. */
    private static void removeLeftovers(Path spoolDir) throws IOException {
        try (var files = Files.newDirectoryStream(spoolDir, "dump-*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
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

    private record Open(TopicPartition partition, DumpSpool spool) {}

    private record Finished(TopicPartition partition, GzipDump dump) {}
}
