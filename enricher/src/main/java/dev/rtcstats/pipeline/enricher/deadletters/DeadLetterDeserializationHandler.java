package dev.rtcstats.pipeline.enricher.deadletters;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends an input record that cannot be deserialised to the dead letters and resumes with the next one. */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private DeadLetterCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        counters = DeadLetterCounters.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        counters.count(EnricherDeadLetterReason.DESERIALIZATION_FAILED);
        LOGGER.atWarn()
                .addKeyValue("topic", record.topic())
                .addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset())
                .addKeyValue("error", exception.toString())
                .log("input record not readable, sent to the dead letters");
        return Response.resume(List.of(DeadLetterRecords.of(
                EnricherDeadLetterReason.DESERIALIZATION_FAILED,
                exception,
                new DeadLetterRecords.Source(record.topic(), record.partition(), record.offset()),
                record.key(),
                record.value(),
                record.headers(),
                record.timestamp())));
    }
}
