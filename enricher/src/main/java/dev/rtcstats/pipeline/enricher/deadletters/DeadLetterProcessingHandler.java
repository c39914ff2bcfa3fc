package dev.rtcstats.pipeline.enricher.deadletters;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the input record on which the topology threw to the dead letters and resumes with the next one, so that a
 * bug triggered by one client's record never stops the stream thread. The assembler handles every failure it can
 * foresee itself; this catches the rest.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private DeadLetterCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        counters = DeadLetterCounters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        counters.count(EnricherDeadLetterReason.PROCESSING_FAILED);
        LOGGER.atError()
                .addKeyValue("processor", context.processorNodeId())
                .addKeyValue("topic", context.topic())
                .addKeyValue("partition", context.partition())
                .addKeyValue("offset", context.offset())
                .setCause(exception)
                .log("processing failed, input record sent to the dead letters");
        return Response.resume(List.of(DeadLetterRecords.of(
                EnricherDeadLetterReason.PROCESSING_FAILED,
                exception,
                DeadLetterProductionHandler.source(context),
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.headers(),
                context.timestamp())));
    }
}
