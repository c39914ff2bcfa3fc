package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile values from one client next to normal records of other tenants, all in one batch: the normal rows land,
 * out-of-range values are adjusted as sink/README.md documents, and what cannot be stored is in the dead letters
 * with its reason.
 */
@ExtendWith(InfraExtension.class)
class SinkHostileValuesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long NOW = System.currentTimeMillis() / 1000 * 1000 - 60_000;
    private SinkFixture fixture;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.env.put("SINK_BATCH_ROWS", "100000");
        fixture.env.put("SINK_BATCH_INTERVAL", "2s");
        fixture.prepareSchema();
        // A rule only ClickHouse knows: it refuses these rows whatever the sink checked.
        SinkFixture.execute(
                fixture.clickhouseUrl(), "ALTER TABLE sessions ADD CONSTRAINT no_mallory CHECK user != 'mallory'");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldLandOtherTenantsRowsAndDeadLetterTheHostileOnesWhenTheyShareABatch() throws Exception {
        // Given: normal sessions of two tenants, and hostile records of a third, produced before the sink starts
        String sessions = fixture.env.get("SINK_TOPIC_SESSIONS");
        fixture.produceSession(session("good-1", "acme", "room-a", "alice", NOW, NOW + 5_000, "UA"));
        fixture.produceSession(session("good-2", "globex", "room-b", "bob", NOW, NOW + 5_000, "UA"));
        fixture.produceSession(
                session("clamped", "evil", "room-x", "eve", NOW, Long.MAX_VALUE, "x".repeat(200_000) + "\uD800"));
        fixture.produceSession(session("long-key", "evil", "c".repeat(2_000), "eve", NOW, NOW, "UA"));
        fixture.produceSession(session("refused", "evil", "room-x", "mallory", NOW, NOW, "UA"));
        fixture.send(sessions, "huge-start", hugeStart());
        fixture.send(sessions, "bad-utf8", invalidUtf8());
        fixture.produceFeatures(hostileFeatures());
        fixture.produceStats(new StatsSeries(
                StatsSeries.FORMAT,
                "stats-1",
                "eve",
                "room-x",
                "s",
                "evil",
                NOW,
                1,
                List.of(
                        new StatsSeries.Sample("PC_0", "CP", "candidate-pair", "currentRoundTripTime", NOW, 0.1),
                        new StatsSeries.Sample(
                                "PC_0", "CP", "candidate-pair", "currentRoundTripTime", Long.MAX_VALUE, 0.2),
                        new StatsSeries.Sample(
                                "PC_0", "CP", "candidate-pair", "currentRoundTripTime", NOW + 1_000, 0.3))));

        // When
        try (SinkService sink = new SinkService(fixture.config())) {
            sink.start();

            // Then
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(
                                    fixture.query("SELECT connection_id FROM sessions FINAL ORDER BY connection_id"))
                            .extracting(row -> row.get("connection_id"))
                            .containsExactly("clamped", "good-1", "good-2"));
            assertThat(fixture.query("SELECT session_end, close_code, length(user_agent) AS ua,"
                            + " isValidUTF8(user_agent) AS utf8 FROM sessions FINAL WHERE connection_id = 'clamped'"))
                    .singleElement()
                    .satisfies(row -> assertThat(row)
                            .containsEntry("session_end", "2299-12-31 23:59:59.999")
                            .containsEntry("close_code", "65535")
                            .containsEntry("ua", Integer.toString(TextValues.MAX_TEXT_BYTES))
                            .containsEntry("utf8", "1"));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(fixture.query(
                                    "SELECT start_time, hardware_concurrency, device_memory, length(screen) AS screen"
                                            + " FROM features_client FINAL WHERE connection_id = 'features-1'"))
                            .singleElement()
                            .satisfies(row -> assertThat(row)
                                    .containsEntry("start_time", null)
                                    .containsEntry("hardware_concurrency", null)
                                    .containsEntry("device_memory", null)
                                    .containsEntry("screen", Integer.toString(TextValues.MAX_TEXT_BYTES))));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(fixture.query(
                                    "SELECT metrics['currentRoundTripTime'] AS value FROM stats_reports FINAL"
                                            + " WHERE connection_id = 'stats-1' ORDER BY ts"))
                            .extracting(row -> row.get("value"))
                            .containsExactly("0.1", "0.3"));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(fixture.deadLetters())
                            .extracting(letter -> letter.getKey().connectionId() + ":"
                                    + letter.getKey().reason())
                            .containsExactlyInAnyOrder(
                                    "long-key:invalid-value",
                                    "refused:rejected-by-clickhouse",
                                    "huge-start:undecodable",
                                    "bad-utf8:undecodable",
                                    "stats-1:invalid-value"));
            assertThat(fixture.deadLetters()).extracting(Map.Entry::getKey).allSatisfy(letter -> {
                assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.SINK_ROWS);
                assertThat(letter.exceptionMessage()).isNotBlank();
            });
            assertThat(sink.metrics()
                            .registry()
                            .get("rtcstats.sink.values.adjusted")
                            .tag("check", "datetime-range")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(2);
            assertThat(sink.ready()).isTrue();
        }
    }

    private static SessionRecord session(
            String id, String tenant, String conference, String user, long start, long end, String userAgent) {
        return new SessionRecord(
                SessionRecord.FORMAT,
                id,
                user,
                conference,
                "s-" + id,
                tenant,
                "gw",
                start,
                end,
                -1,
                70_000,
                "client",
                userAgent,
                null,
                "rtcstats#5.0",
                100,
                id + ".gz",
                1);
    }

    /** A session whose start is 1e300 ms: no long holds it. */
    private static byte[] hugeStart() {
        String json = new String(
                SinkFixture.SESSIONS.toBytes(session("huge-start", "evil", "room-x", "eve", NOW, NOW, "UA")),
                StandardCharsets.UTF_8);
        return json.replace("\"startTime\":" + NOW, "\"startTime\":1e300").getBytes(StandardCharsets.UTF_8);
    }

    /** A session whose user agent holds bytes that are not UTF-8. */
    private static byte[] invalidUtf8() {
        byte[] json = SinkFixture.SESSIONS.toBytes(session("bad-utf8", "evil", "room-x", "eve", NOW, NOW, "@@"));
        String text = new String(json, StandardCharsets.UTF_8);
        int at = text.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json, 0, at);
        out.write(0xC3);
        out.write(0x28);
        out.write(json, at + 2, json.length - at - 2);
        return out.toByteArray();
    }

    private static FeatureRecord hostileFeatures() {
        return new FeatureRecord(
                FeatureRecord.FORMAT,
                "features-1",
                "eve",
                "room-x",
                "s",
                "evil",
                NOW,
                1,
                Map.of(),
                Map.of(
                        "startTime",
                        1e300,
                        "hardwareConcurrency",
                        1e30,
                        "deviceMemory",
                        "NaN",
                        "screen",
                        "s".repeat(100_000)),
                List.of(),
                List.of());
    }
}
