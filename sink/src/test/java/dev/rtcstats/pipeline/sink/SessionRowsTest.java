package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.SessionRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SessionRowsTest {
    private final SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry());
    private final SessionRows rows = new SessionRows(Schemas.sessions(), key -> "http://s3/b/" + key, metrics);

    private List<Map<String, Object>> encode(RowBatch batch, SessionRecord session) {
        ConsumerRecord<byte[], byte[]> input =
                new ConsumerRecord<>("sessions", 0, 0, null, SinkFixture.SESSIONS.toBytes(session));
        rows.encode(input, batch.add(input, Instant.EPOCH), batch);
        return batch.tables().isEmpty()
                ? List.of()
                : RowBinaryReader.rows(batch.tables().iterator().next());
    }

    @Test
    void shouldLeaveBlobKeyAndUrlEmptyWhenTheConnectionHadNoFrames() {
        // Given: the enricher writes no dump, and no blob key, for a connection without frames
        SessionRecord session = withBlobKey(SinkFixture.session("c-0", "room", "alice", 1), null);

        // When
        List<Map<String, Object>> written = encode(new RowBatch(), session);

        // Then
        assertThat(written)
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("blob_key", "").containsEntry("blob_url", ""));
    }

    @Test
    void shouldWriteBlobUrlAndClampHostileNumbersWhenTheSessionHasADump() {
        // Given
        SessionRecord session = SinkFixture.session("c-1", "room", "alice", 1);
        SessionRecord hostile = new SessionRecord(
                1,
                "c-1",
                "alice",
                "room",
                "s",
                "acme",
                "gw",
                session.startTime(),
                Long.MAX_VALUE,
                -4,
                70_000,
                "client",
                "UA\uDC00",
                null,
                "p",
                1,
                "c-1.gz",
                1);

        // When
        List<Map<String, Object>> written = encode(new RowBatch(), hostile);

        // Then
        assertThat(written)
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("blob_url", "http://s3/b/c-1.gz")
                        .containsEntry("session_end", Values.MAX_DATETIME_MS)
                        .containsEntry("message_count", 0L)
                        .containsEntry("close_code", 65_535L)
                        .containsEntry("user_agent", "UA\uFFFD")
                        .containsEntry("origin", null));
    }

    @Test
    void shouldWriteTheFeaturesStatusAndReasonWhenTheEnricherReportsThem() {
        // Given
        SessionRecord session = SinkFixture.session("c-3", "room", "alice", 1)
                .withFeatures(FeaturesStatus.TRUNCATED, "stats-ids-over-budget");

        // When
        List<Map<String, Object>> written = encode(new RowBatch(), session);

        // Then
        assertThat(written)
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("features_status", "truncated")
                        .containsEntry("features_reason", "stats-ids-over-budget"));
    }

    @Test
    void shouldWriteTheDefaultColumnsItMapsAndLeaveTheOthersToClickHouse() {
        // Given: features_status, features_reason and inserted_at have DEFAULT expressions, as in the migrations

        // When
        List<Map<String, Object>> written = encode(
                new RowBatch(),
                SinkFixture.session("c-5", "room", "alice", 1)
                        .withFeatures(FeaturesStatus.SKIPPED, "dump-over-budget"));

        // Then
        assertThat(written)
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("features_status", "skipped")
                        .containsEntry("features_reason", "dump-over-budget")
                        .doesNotContainKey("inserted_at"));
    }

    @Test
    void shouldWriteEmptyFeaturesStatusWhenTheRecordPredatesIt() {
        // When
        List<Map<String, Object>> written = encode(new RowBatch(), SinkFixture.session("c-4", "room", "alice", 1));

        // Then
        assertThat(written)
                .singleElement()
                .satisfies(row ->
                        assertThat(row).containsEntry("features_status", "").containsEntry("features_reason", ""));
    }

    @Test
    void shouldDeadLetterTheRecordWhenAKeyValueIsRejected() {
        // Given
        SessionRecord session = withBlobKey(SinkFixture.session("c-2", "x".repeat(2_000), "bob", 1), "c-2.gz");
        RowBatch batch = new RowBatch();

        // When
        List<Map<String, Object>> written = encode(batch, session);

        // Then
        assertThat(written).isEmpty();
        assertThat(batch.deadLetters())
                .singleElement()
                .satisfies(letter -> assertThat(letter.reason()).isEqualTo(SinkDeadLetterReason.INVALID_VALUE));
    }

    private static SessionRecord withBlobKey(SessionRecord s, String blobKey) {
        return new SessionRecord(
                s.format(),
                s.connectionId(),
                s.user(),
                s.conference(),
                s.session(),
                s.tenant(),
                s.gateway(),
                s.startTime(),
                s.endTime(),
                s.messageCount(),
                s.closeCode(),
                s.closedBy(),
                s.userAgent(),
                s.origin(),
                s.clientProtocol(),
                s.dumpBytes(),
                blobKey,
                s.processingVersion());
    }
}
