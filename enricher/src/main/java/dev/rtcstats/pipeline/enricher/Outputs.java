package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterCounters;
import dev.rtcstats.pipeline.enricher.deadletters.DeadLetterRecords;
import dev.rtcstats.pipeline.enricher.deadletters.EnricherDeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the assembler writes, through one gate: a derived record is forwarded only when its encoded size fits
 * {@code maxRecordBytes}, which is below every output topic's {@code max.message.bytes}; otherwise it goes to the
 * dead letters. A record the broker would refuse never reaches the producer, so it can never abort a transaction
 * and replay the same close forever.
 */
final class Outputs {
    /** Record and batch framing the estimate adds to key, value and headers: varints, CRC, attributes. */
    private static final int FRAMING_BYTES = 128;
    /** Dump chunks are at most 512 KiB by construction; the dumps topic takes 2 MiB. */
    static final int MAX_DUMP_RECORD_BYTES = DumpChunkCodec.MAX_CHUNK_BYTES + 64 * 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(Outputs.class);
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private static final JsonSerde<FeatureRecord> FEATURES = new JsonSerde<>(FeatureRecord.class);
    private static final JsonSerde<StatsSeries> STATS = new JsonSerde<>(StatsSeries.class);

    private final ProcessorContext<byte[], byte[]> context;
    private final int maxRecordBytes;
    private final DeadLetterCounters deadLetters;

    Outputs(ProcessorContext<byte[], byte[]> context, int maxRecordBytes, DeadLetterCounters deadLetters) {
        this.context = context;
        this.maxRecordBytes = maxRecordBytes;
        this.deadLetters = deadLetters;
    }

    /** Chunks are at most 512 KiB by construction; the gate still applies. */
    boolean dumpChunk(byte[] key, DumpChunk chunk, long timestamp) {
        return forward(
                EnricherTopology.DUMPS_SINK,
                MAX_DUMP_RECORD_BYTES,
                key,
                chunk.bytes(),
                DumpChunkCodec.headers(chunk),
                timestamp);
    }

    boolean session(byte[] key, SessionRecord session, long timestamp) {
        return forward(
                EnricherTopology.SESSIONS_SINK,
                maxRecordBytes,
                key,
                SESSIONS.toBytes(session),
                new RecordHeaders(),
                timestamp);
    }

    boolean features(byte[] key, FeatureRecord features, long timestamp) {
        return forward(
                EnricherTopology.FEATURES_SINK,
                maxRecordBytes,
                key,
                FEATURES.toBytes(features),
                new RecordHeaders(),
                timestamp);
    }

    boolean series(byte[] key, StatsSeries series, long timestamp) {
        return forward(
                EnricherTopology.STATS_SINK,
                maxRecordBytes,
                key,
                STATS.toBytes(series),
                new RecordHeaders(),
                timestamp);
    }

    /** Sends a record the enricher could not process to the dead letters, with the input record as its source. */
    void deadLetter(
            EnricherDeadLetterReason reason, Throwable cause, byte[] key, byte[] value, Headers headers, long time) {
        ProducerRecord<byte[], byte[]> letter =
                DeadLetterRecords.of(reason, cause, source(), key, value, headers, time);
        deadLetters.count(reason);
        LOGGER.atDebug()
                .addKeyValue("reason", reason.token())
                .addKeyValue("connectionId", DeadLetterRecords.connectionId(key))
                .log("record sent to the dead letters");
        context.forward(
                new Record<>(letter.key(), letter.value(), time, letter.headers()), EnricherTopology.DEAD_LETTERS_SINK);
    }

    private boolean forward(String sink, int limit, byte[] key, byte[] value, Headers headers, long timestamp) {
        long bytes = encodedBytes(key, value, headers);
        if (bytes > limit) {
            LOGGER.atWarn()
                    .addKeyValue("connectionId", DeadLetterRecords.connectionId(key))
                    .addKeyValue("sink", sink)
                    .addKeyValue("bytes", bytes)
                    .addKeyValue("limit", limit)
                    .log("derived record too large, sent to the dead letters");
            deadLetter(
                    EnricherDeadLetterReason.DERIVED_RECORD_TOO_LARGE,
                    new RecordTooLarge(sink, bytes, limit),
                    key,
                    value,
                    headers,
                    timestamp);
            return false;
        }
        context.forward(new Record<>(key, value, timestamp, headers), sink);
        return true;
    }

    /** An upper bound of the record's size in a batch of its own, as the broker measures it. */
    static long encodedBytes(byte[] key, byte[] value, Headers headers) {
        long bytes = FRAMING_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers) {
            bytes += 10
                    + header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    /** The input record being processed; under a punctuation there is none, and the task's partition stands in. */
    private DeadLetterRecords.Source source() {
        return context.recordMetadata()
                .filter(metadata -> metadata.topic() != null)
                .map(metadata ->
                        new DeadLetterRecords.Source(metadata.topic(), metadata.partition(), metadata.offset()))
                .orElseGet(() -> new DeadLetterRecords.Source(
                        Topics.FRAMES, context.taskId().partition(), -1));
    }

    /** The cause a too-large derived record's dead letter names. */
    static final class RecordTooLarge extends RuntimeException {
        RecordTooLarge(String sink, long bytes, long limit) {
            super(sink + " record of " + bytes + " bytes is over the limit of " + limit, null, false, false);
        }
    }
}
