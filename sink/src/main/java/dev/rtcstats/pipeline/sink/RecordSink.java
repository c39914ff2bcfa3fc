package dev.rtcstats.pipeline.sink;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link ConsumerLoop} drives: takes records, writes them to a store, and says which offsets are durable.
 * The loop owns the consumer, retries, commits and progress; a sink owns only its pending work.
 */
interface RecordSink {
    /** Takes one record into the pending work; bad input becomes a dead letter, never an exception. */
    void accept(ConsumerRecord<byte[], byte[]> record);

    /**
     * Writes what is due ({@code force}: everything) and its dead letters; throws when a store or Kafka failed,
     * keeping the rest for the next attempt.
     */
    void flush(boolean force) throws Exception;

    /** Per partition, the next offset whose predecessors are all durable; a snapshot the loop may keep. */
    Map<TopicPartition, Long> durableOffsets();

    /**
     * Drops the pending work of partitions this consumer no longer owns, and returns the partitions it still owns
     * whose pending work was dropped too, which the loop re-reads from their last commit.
     */
    Set<TopicPartition> drop(Collection<TopicPartition> revoked);

    /** Updates the sink's own gauges; called once per loop iteration. */
    default void publishGauges() {}
}
