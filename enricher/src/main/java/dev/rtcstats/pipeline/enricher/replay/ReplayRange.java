package dev.rtcstats.pipeline.enricher.replay;

import dev.rtcstats.pipeline.common.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The part of the frames topic a replay reads, per partition: from the first record at or after {@code --from}
 * to the end offset captured when the replay started.
 *
 * @param start   first offset of the range per partition
 * @param end     end offset (exclusive) per partition, captured at start
 * @param resumed whether the replay's consumer group already had offsets, so this run continues an earlier one
 */
record ReplayRange(Map<Integer, Long> start, Map<Integer, Long> end, boolean resumed) {
    ReplayRange {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
    }

    /**
     * Captures the end offsets and positions the replay's consumer group at {@code --from} before Kafka Streams
     * joins it. Partitions where the group already has an offset keep it, so a restarted replay resumes where its
     * last commit left it instead of starting over.
     */
    static ReplayRange prepare(Admin admin, ReplayConfig config) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> atFrom = new HashMap<>();
        for (TopicPartitionInfo info : admin.describeTopics(List.of(Topics.FRAMES))
                .allTopicNames()
                .get()
                .get(Topics.FRAMES)
                .partitions()) {
            TopicPartition partition = new TopicPartition(Topics.FRAMES, info.partition());
            latest.put(partition, OffsetSpec.latest());
            atFrom.put(partition, OffsetSpec.forTimestamp(config.from().toEpochMilli()));
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get();
        Map<TopicPartition, ListOffsetsResultInfo> firsts =
                admin.listOffsets(atFrom).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                .partitionsToOffsetAndMetadata()
                .get();
        Map<Integer, Long> start = new HashMap<>();
        Map<Integer, Long> end = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        for (TopicPartition partition : latest.keySet()) {
            long endOffset = ends.get(partition).offset();
            long first = firsts.get(partition).offset();
            // -1: no record at or after --from, so there is nothing to read in this partition.
            long startOffset = first < 0 ? endOffset : Math.min(first, endOffset);
            start.put(partition.partition(), startOffset);
            end.put(partition.partition(), endOffset);
            if (committed.get(partition) == null) {
                toCommit.put(partition, new OffsetAndMetadata(startOffset));
            }
        }
        if (!toCommit.isEmpty()) {
            admin.alterConsumerGroupOffsets(config.applicationId(), toCommit)
                    .all()
                    .get();
        }
        return new ReplayRange(start, end, toCommit.size() < latest.size());
    }

    /** Records of the range, all partitions together. */
    long records() {
        return start.entrySet().stream()
                .mapToLong(entry -> end.get(entry.getKey()) - entry.getValue())
                .sum();
    }

    /** Records of the range behind the given committed offsets (a partition without one counts as not started). */
    long done(Map<Integer, Long> committed) {
        long done = 0;
        for (Map.Entry<Integer, Long> entry : start.entrySet()) {
            long position = committed.getOrDefault(entry.getKey(), entry.getValue());
            done += Math.clamp(position, entry.getValue(), end.get(entry.getKey())) - entry.getValue();
        }
        return done;
    }

    /** Whether every partition's committed offset reached its captured end. */
    boolean reached(Map<Integer, Long> committed) {
        return end.entrySet().stream()
                .allMatch(entry -> committed.getOrDefault(entry.getKey(), -1L) >= entry.getValue());
    }
}
