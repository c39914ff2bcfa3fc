package dev.rtcstats.pipeline.enricher.deadletters;

import dev.rtcstats.pipeline.common.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an output record the producer rejected (too large, invalid, ...) to the dead letters and resumes, instead of
 * failing the stream thread; transient broker errors are retried. The assembler sizes every record it derives
 * below the topics' limits, so this is the last line of defence. Under exactly-once the producer aborts a
 * transaction that had a send fail, whatever this handler answers: the task then reprocesses from its last commit
 * and the by-construction limits, not this handler, are what keep the same record from failing again.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private DeadLetterCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        counters = DeadLetterCounters.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return resume(context, record, exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        return Response.resume(List.of(DeadLetterRecords.of(
                EnricherDeadLetterReason.PRODUCTION_FAILED,
                exception,
                source(context),
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.headers(),
                null)));
    }

    private Response resume(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (record.topic().equals(Topics.DEAD_LETTERS)) {
            // A dead letter that cannot be written has nowhere further to go.
            LOGGER.atError()
                    .addKeyValue("error", exception.toString())
                    .log("dead letter rejected by the broker, dropped");
            return Response.resume();
        }
        counters.count(EnricherDeadLetterReason.PRODUCTION_FAILED);
        LOGGER.atWarn()
                .addKeyValue("topic", record.topic())
                .addKeyValue("error", exception.toString())
                .log("output record rejected, sent to the dead letters");
        return Response.resume(List.of(DeadLetterRecords.of(
                EnricherDeadLetterReason.PRODUCTION_FAILED,
                exception,
                source(context),
                record.key(),
                record.value(),
                record.headers(),
                record.timestamp())));
    }

    static DeadLetterRecords.Source source(ErrorHandlerContext context) {
        return context.topic() == null
                ? new DeadLetterRecords.Source(Topics.FRAMES, context.taskId().partition(), -1)
                : new DeadLetterRecords.Source(context.topic(), context.partition(), context.offset());
    }
}
