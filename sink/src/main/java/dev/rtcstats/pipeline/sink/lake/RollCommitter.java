package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one roll: commits its end offset as an intent (the committed offset stays at its start), puts every file,
 * then commits the end. Nothing more is put or committed once {@code halted} turns true, as after a crash.
 */
final class RollCommitter {
    private static final Logger LOGGER = LoggerFactory.getLogger(RollCommitter.class);

    private final Consumer<byte[], byte[]> consumer;
    private final LakeStore store;
    private final LakeMetrics metrics;
    private final BooleanSupplier halted;

    RollCommitter(Consumer<byte[], byte[]> consumer, LakeStore store, LakeMetrics metrics, BooleanSupplier halted) {
        this.consumer = consumer;
        this.store = store;
        this.metrics = metrics;
        this.halted = halted;
    }

    /** Intent, uploads, end; false when halted part-way. A put that fails throws and the roll is tried again. */
    boolean commit(Roll roll) throws IOException {
        TopicPartition partition = roll.source();
        if (roll.files().isEmpty()) {
            commit(partition, new OffsetAndMetadata(roll.end()));
            return true;
        }
        commit(partition, new OffsetAndMetadata(roll.start(), RollIntent.metadata(roll.end())));
        for (Roll.File file = roll.nextUpload(); file != null; file = roll.nextUpload()) {
            if (halted.getAsBoolean()) {
                return false;
            }
            store.put(file.key(), file.path());
            roll.uploadedOne();
            metrics.fileWritten(file.table(), file.rows(), file.bytes());
            LOGGER.atDebug()
                    .addKeyValue("key", file.key())
                    .addKeyValue("rows", file.rows())
                    .addKeyValue("bytes", file.bytes())
                    .log("lake file stored");
        }
        if (halted.getAsBoolean()) {
            return false;
        }
        commit(partition, new OffsetAndMetadata(roll.end()));
        return true;
    }

    private void commit(TopicPartition partition, OffsetAndMetadata offset) {
        if (!halted.getAsBoolean()) {
            consumer.commitSync(Map.of(partition, offset));
        }
    }
}
