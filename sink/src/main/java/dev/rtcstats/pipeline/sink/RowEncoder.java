package dev.rtcstats.pipeline.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one input record into rows of a {@link RowBatch}. A record that cannot be decoded throws (it becomes a dead
 * letter); a row with a rejected key value is left out and its record is dead-lettered through the batch.
 */
@FunctionalInterface
interface RowEncoder {
    void encode(ConsumerRecord<byte[], byte[]> record, int index, RowBatch batch);

    /** A record of a format version this sink does not read. */
    final class UnsupportedFormat extends RuntimeException {
        UnsupportedFormat(int actual, int expected) {
            super("unsupported record format " + actual + ", expected " + expected, null, false, false);
        }
    }

    static void requireFormat(int actual, int expected) {
        if (actual != expected) {
            throw new UnsupportedFormat(actual, expected);
        }
    }
}
