package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionRecordTest {
    private static final JsonSerde<SessionRecord> SERDE = new JsonSerde<>(SessionRecord.class);

    @Test
    void shouldWriteTheFeaturesStatusAsALowerCaseToken() {
        // Given
        SessionRecord session = record().withFeatures(FeaturesStatus.TRUNCATED, "stats-ids-over-budget");

        // When
        String json = new String(SERDE.toBytes(session), StandardCharsets.UTF_8);

        // Then
        assertThat(json)
                .contains("\"featuresStatus\":\"truncated\"")
                .contains("\"featuresReason\":\"stats-ids-over-budget\"");
        assertThat(SERDE.fromBytes(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(session);
    }

    @Test
    void shouldReadARecordWrittenBeforeTheFeaturesStatusExisted() {
        // Given
        String json = "{\"format\":1,\"connectionId\":\"c-1\",\"startTime\":1,\"endTime\":2,\"messageCount\":3,"
                + "\"closeCode\":1000,\"closedBy\":\"client\",\"dumpBytes\":10,\"processingVersion\":1}";

        // When
        SessionRecord session = SERDE.fromBytes(json.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(session.connectionId()).isEqualTo("c-1");
        assertThat(session.featuresStatus()).isNull();
        assertThat(session.featuresReason()).isNull();
    }

    private static SessionRecord record() {
        return new SessionRecord(
                SessionRecord.FORMAT,
                "c-1",
                "alice",
                "room",
                "s",
                null,
                "gw",
                1,
                2,
                3,
                1000,
                "client",
                "ua",
                null,
                "rtcstats#5.0",
                10,
                "c-1.gz",
                1);
    }
}
