package dev.rtcstats.pipeline.enricher.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {
    private static final byte[] KEY = "c-1".getBytes(StandardCharsets.UTF_8);
    private final DeadLetterCounters counters = DeadLetterCounters.register(new SimpleMeterRegistry());
    private final Map<String, Object> configs = Map.of(DeadLetterCounters.CONFIG, counters);

    @Test
    void shouldSendARecordTheBrokerRefusedToTheDeadLettersAndResume() {
        // Given
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(configs);
        ProducerRecord<byte[], byte[]> refused =
                new ProducerRecord<>(Topics.FEATURES, null, 5L, KEY, new byte[2_000_000], new RecordHeaders());

        // When
        ProductionExceptionHandler.Response response =
                handler.handleError(context(), refused, new RecordTooLargeException("too large"));

        // Then
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo(Topics.DEAD_LETTERS);
            assertThat(letter.value()).hasSize(DeadLetter.MAX_VALUE_BYTES);
            DeadLetter read = DeadLetter.fromHeaders(letter.headers());
            assertThat(read.reason()).isEqualTo("production-failed");
            assertThat(read.exceptionClass()).isEqualTo(RecordTooLargeException.class.getName());
            assertThat(read.sourceTopic()).isEqualTo(Topics.FRAMES);
            assertThat(read.sourceOffset()).isEqualTo(42);
            assertThat(read.connectionId()).isEqualTo("c-1");
        });
        assertThat(counters.counted(EnricherDeadLetterReason.PRODUCTION_FAILED)).isEqualTo(1);
    }

    @Test
    void shouldRetryWhenTheBrokerIsOnlyBusy() {
        // Given
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(configs);

        // When
        ProductionExceptionHandler.Response response = handler.handleError(
                context(),
                new ProducerRecord<>(Topics.SESSIONS, KEY, new byte[1]),
                new NotEnoughReplicasException("later"));

        // Then
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(counters.counted(EnricherDeadLetterReason.PRODUCTION_FAILED)).isZero();
    }

    @Test
    void shouldSendTheInputRecordToTheDeadLettersWhenTheTopologyThrows() {
        // Given
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(configs);

        // When
        ProcessingExceptionHandler.Response response = handler.handleError(
                context(), new Record<>(KEY, new byte[] {1}, 5L), new IllegalStateException("a bug"));

        // Then
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.value()).containsExactly(9, 9);
            assertThat(DeadLetter.fromHeaders(letter.headers()).reason()).isEqualTo("processing-failed");
            assertThat(letter.headers().lastHeader("rtcstats-kind")).isNotNull();
        });
    }

    private static ErrorHandlerContext context() {
        Headers headers = new RecordHeaders().add("rtcstats-kind", "close".getBytes(StandardCharsets.UTF_8));
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return Topics.FRAMES;
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public String processorNodeId() {
                return "connection-assembler";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            @Override
            public long timestamp() {
                return 5;
            }

            @Override
            public byte[] sourceRawKey() {
                return KEY;
            }

            @Override
            public byte[] sourceRawValue() {
                return new byte[] {9, 9};
            }
        };
    }
}
