package dev.rtcstats.pipeline.sink.lake;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.WireFormatException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes a record of one of the three input topics into the lake rows it stands for. */
final class LakeRecords {
    private static final Logger LOGGER = LoggerFactory.getLogger(LakeRecords.class);
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    private static final JsonSerde<StatsSeries> STATS = new JsonSerde<>(StatsSeries.class);

    private final LakeTopics topics;
    private final SessionsTable sessions;
    private final FeatureTables features;

    LakeRecords(LakeTopics topics, SessionsTable sessions, FeatureTables features) {
        this.topics = topics;
        this.sessions = sessions;
        this.features = features;
    }

    /** The rows of a record, or none for a record that cannot be decoded, counted by why. */
    List<LakeRow> rowsOrNone(ConsumerRecord<byte[], byte[]> record, LakeMetrics metrics) {
        try {
            return rows(record);
        } catch (WireFormatException e) {
            metrics.skipped(LakeMetrics.SkipReason.UNSUPPORTED_FORMAT);
        } catch (RuntimeException e) {
            metrics.skipped(LakeMetrics.SkipReason.UNDECODABLE);
            LOGGER.atDebug()
                    .addKeyValue("topic", record.topic())
                    .addKeyValue("partition", record.partition())
                    .addKeyValue("offset", record.offset())
                    .addKeyValue("error", e.getMessage())
                    .log("undecodable record left out of the lake");
        }
        return List.of();
    }

    /** The rows of a record; throws a {@link RuntimeException} for a record that cannot be decoded. */
    List<LakeRow> rows(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return List.of();
        }
        String topic = record.topic();
        if (topic.equals(topics.stats())) {
            StatsSeries series = STATS.fromBytes(record.value());
            requireFormat(series.format(), StatsSeries.FORMAT);
            return StatsTable.rows(series);
        }
        if (topic.equals(topics.sessions())) {
            SessionRecord session = SESSIONS.fromBytes(record.value());
            requireFormat(session.format(), SessionRecord.FORMAT);
            return List.of(sessions.row(session));
        }
        if (topic.equals(topics.features())) {
            FeatureRecord featureRecord = FEATURES.fromBytes(record.value());
            requireFormat(featureRecord.format(), FeatureRecord.FORMAT);
            return features.rows(featureRecord);
        }
        throw new WireFormatException("the lake does not read topic " + topic);
    }

    private static void requireFormat(int actual, int expected) {
        if (actual != expected) {
            throw new WireFormatException("unsupported record format " + actual + ", expected " + expected);
        }
    }
}
