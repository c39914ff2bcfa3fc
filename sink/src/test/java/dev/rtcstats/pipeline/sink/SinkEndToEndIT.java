package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.DumpChunk;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class SinkEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private SinkFixture fixture;
    private SinkService sink;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();
        sink = new SinkService(fixture.config());
        sink.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        fixture.close();
    }

    @Test
    void shouldStoreBlobAndRowsWhenConnectionsAreProduced() throws Exception {
        // Given: two connections whose chunks interleave on one partition, one without user and session claims
        byte[] first = SinkFixture.sampleDump("c-1", 200);
        byte[] second = SinkFixture.sampleDump("c-2", 50);
        List<DumpChunk> a = SinkFixture.chunks("c-1", first, 700);
        List<DumpChunk> b = SinkFixture.chunks("c-2", second, 300);
        List<DumpChunk> interleaved = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                interleaved.add(a.get(i));
            }
            if (i < b.size()) {
                interleaved.add(b.get(i));
            }
        }

        // When
        interleaved.forEach(fixture::sendChunk);
        fixture.produceSession(SinkFixture.session("c-1", "room_meeting-42", "alice", 1));
        fixture.produceSession(new dev.rtcstats.pipeline.common.SessionRecord(
                1,
                "c-2",
                null,
                "room_meeting-42",
                null,
                null,
                "gw-2",
                1_758_602_100_000L,
                1_758_602_110_000L,
                1,
                1006,
                "timeout",
                "UA",
                null,
                "rtcstats#4.0",
                second.length,
                "c-2.gz",
                1));
        fixture.produceFeatures(SinkFixture.features("c-1", "room_meeting-42"));

        // Then
        await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.keys()).contains("c-1.gz", "c-2.gz"));
        assertThat(fixture.blob("c-1.gz")).isEqualTo(first);
        assertThat(fixture.blob("c-2.gz")).isEqualTo(second);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first));
        assertThat(fixture.stat("c-1.gz").userMetadata()).containsEntry("sha256", sha);
        List<Map<String, String>> reference = awaitRows(
                "SELECT session_start, session_end, rtcstats_user,"
                        + " rtcstats_conference, rtcstats_session, blob_url FROM \"rtcstats-server\""
                        + " WHERE rtcstats_conference = 'room_meeting-42' ORDER BY session_start DESC;",
                2);
        assertThat(reference.get(0))
                .containsEntry("rtcstats_user", "alice")
                .containsEntry("rtcstats_session", "session-c-1")
                .containsEntry("blob_url", fixture.config().s3().blobUrl("c-1.gz"));
        assertThat(reference.get(0).get("session_start")).startsWith("2025-09-23 04:35:15.667");
        assertThat(fixture.query("SELECT user_agent FROM sessions FINAL WHERE connection_id = 'c-1'"))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("user_agent", SinkFixture.TRICKY_USER_AGENT));
        assertThat(reference.get(1)).containsEntry("rtcstats_user", null).containsEntry("rtcstats_session", null);
        assertThat(reference.get(1).get("blob_url")).endsWith("/c-2.gz");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(fixture.query("SELECT operating_system, called_get_user_media FROM features_client FINAL"
                            + " WHERE connection_id = 'c-1'"))
                    .singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("operating_system", "Linux"));
            assertThat(fixture.count("SELECT count() FROM features_connection FINAL WHERE connection_id = 'c-1'"
                            + " AND connection_identifier = 'PC_0'"))
                    .isEqualTo(1);
            assertThat(fixture.count("SELECT count() FROM features_track FINAL WHERE connection_id = 'c-1'"
                            + " AND track_identifier = 't1'"))
                    .isEqualTo(1);
            assertThat(fixture.query("SELECT origin FROM features_metadata FINAL WHERE connection_id = 'c-1'"))
                    .singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("origin", "https://webrtc.github.io"));
        });
        assertThat(sink.metrics()
                        .registry()
                        .get("rtcstats.sink.unknown.feature.keys")
                        .counter()
                        .count())
                .isPositive();
    }

    @Test
    void shouldStoreTimeSeriesRowsWhenStatsSeriesAreProduced() throws Exception {
        // Given: a recent session (the table's TTL drops old ones), its series in two records, the first replayed
        long start = System.currentTimeMillis() / 1000 * 1000 - 60_000;
        StatsSeries first = series(
                start,
                List.of(
                        new StatsSeries.Sample("PC_0", "IT01V1", "inbound-rtp", "bytesReceived", start + 1000, 1000),
                        new StatsSeries.Sample("PC_0", "IT01V1", "inbound-rtp", "bytesReceived", start + 2000, 126_000),
                        new StatsSeries.Sample(
                                "PC_0", "CP", "candidate-pair", "currentRoundTripTime", start + 1000, 0.05)));
        StatsSeries second = series(
                start,
                List.of(new StatsSeries.Sample(
                        "PC_0", "CP", "candidate-pair", "currentRoundTripTime", start + 2000, 0.25)));
        List<String> examples = Migration.parse(
                        "900_examples.sql", Files.readString(Path.of("docs/stats_timeseries.sql")))
                .statements();

        // When
        fixture.produceStats(first);
        fixture.produceStats(second);
        fixture.produceStats(first);

        // Then
        // The replayed rows may be deduplicated or merged away at any time, so only the FINAL view is asserted.
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                fixture.count("SELECT count() FROM stats_reports FINAL WHERE connection_id = 'c-1'"))
                        .isEqualTo(4));
        assertThat(fixture.query("SELECT tenant, session, peer_connection, version FROM stats_reports FINAL"
                        + " WHERE metrics['currentRoundTripTime'] = 0.25"))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("tenant", "acme")
                        .containsEntry("session", "s1")
                        .containsEntry("peer_connection", "PC_0")
                        .containsEntry("version", "3"));
        assertThat(fixture.query(examples.getFirst()))
                .last()
                .satisfies(row -> assertThat(Double.parseDouble(row.get("bps"))).isEqualTo(1_000_000.0));
        assertThat(fixture.query(examples.get(1)))
                .singleElement()
                .satisfies(row ->
                        assertThat(Double.parseDouble(row.get("max_rtt_s"))).isEqualTo(0.25));
    }

    private static StatsSeries series(long start, List<StatsSeries.Sample> samples) {
        return new StatsSeries(StatsSeries.FORMAT, "c-1", "alice", "room_meeting-42", "s1", "acme", start, 3, samples);
    }

    @Test
    void shouldKeepOneRowAndOneBlobWhenRecordsAreReplayed() throws Exception {
        // Given
        byte[] dump = SinkFixture.sampleDump("r-1", 100);
        fixture.produceDump("r-1", dump, 1000);
        fixture.produceSession(SinkFixture.session("r-1", "replayed", "bob", 1));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(fixture.count("SELECT count() FROM sessions WHERE connection_id = 'r-1'"))
                                .isEqualTo(1));

        // When: the enricher replays the same records
        fixture.produceDump("r-1", dump, 1000);
        fixture.produceSession(SinkFixture.session("r-1", "replayed", "bob", 1));

        // Then
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(fixture.count("SELECT count() FROM sessions WHERE connection_id = 'r-1'"))
                                .isEqualTo(2));
        assertThat(fixture.count("SELECT count() FROM sessions FINAL WHERE connection_id = 'r-1'"))
                .isEqualTo(1);
        assertThat(fixture.count("SELECT count() FROM \"rtcstats-server\" WHERE id = 'r-1'"))
                .isEqualTo(1);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.metrics()
                                .registry()
                                .get("rtcstats.sink.blobs.written")
                                .counter()
                                .count())
                        .isEqualTo(2));
        assertThat(fixture.keys()).containsExactly("r-1.gz");
        assertThat(fixture.blob("r-1.gz")).isEqualTo(dump);
    }

    @Test
    void shouldUploadInPartsWhenTheDumpIsLargerThanThePartSize() throws Exception {
        // Given: 12 MiB of incompressible bytes, so the gzip file needs three 5 MiB parts
        byte[] dump = new byte[12 * 1024 * 1024];
        new Random(42).nextBytes(dump);

        // When
        fixture.produceDump("big-1", dump, 512 * 1024);

        // Then
        await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.keys()).contains("big-1.gz"));
        assertThat(fixture.stat("big-1.gz").etag()).contains("-");
        assertThat(fixture.blob("big-1.gz")).isEqualTo(dump);
    }

    @Test
    void shouldDeadLetterPoisonRecordsAndCarryOnWhenTheyCannotBeDecoded() throws Exception {
        // Given
        fixture.send(fixture.env.get("SINK_TOPIC_SESSIONS"), "p-0", "not json".getBytes(StandardCharsets.UTF_8));
        fixture.send(fixture.env.get("SINK_TOPIC_DUMPS"), "p-0", "no headers".getBytes(StandardCharsets.UTF_8));
        fixture.send(fixture.env.get("SINK_TOPIC_FEATURES"), "p-0", "{\"format\":9}".getBytes(StandardCharsets.UTF_8));
        fixture.sendChunk(new DumpChunk("../escape", 0, true, 1, new byte[] {1}));

        // When
        fixture.produceSession(SinkFixture.session("p-1", "after-poison", "carol", 1));
        fixture.produceDump("p-1", SinkFixture.sampleDump("p-1", 3), 100);

        // Then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(fixture.count("SELECT count() FROM sessions FINAL WHERE connection_id = 'p-1'"))
                    .isEqualTo(1);
            assertThat(fixture.keys()).contains("p-1.gz");
            // Everything was committed: no poison record holds a partition back.
            assertThat(sink.metrics()
                            .registry()
                            .get("rtcstats.sink.uncommitted.records")
                            .tag("loop", "blobs")
                            .gauge()
                            .value())
                    .isZero();
            for (String loop : List.of("rows", "sessions")) {
                assertThat(sink.metrics()
                                .registry()
                                .get("rtcstats.sink.uncommitted.records")
                                .tag("loop", loop)
                                .gauge()
                                .value())
                        .as(loop)
                        .isZero();
            }
        });
        assertThat(sink.metrics()
                        .registry()
                        .get("rtcstats.sink.open.connections")
                        .gauge()
                        .value())
                .isZero();
        assertThat(sink.metrics().registry().get("rtcstats.sink.dead.letters").counters().stream()
                        .mapToDouble(counter -> counter.count())
                        .sum())
                .isEqualTo(4.0);
        assertThat(fixture.deadLetters())
                .extracting(letter -> letter.getKey().reason())
                .containsExactlyInAnyOrder("undecodable", "undecodable", "undecodable", "invalid-connection-id");
        assertThat(sink.alive()).isTrue();
    }

    @Test
    void shouldServeHealthReadinessAndMetricsWhenRunning() throws Exception {
        // Given
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sink.httpPort();

        // When
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(base + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ready = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "rtcstats_sink_sessions_written_total",
                        "rtcstats_sink_blobs_written_total",
                        "rtcstats_sink_uncommitted_records",
                        "rtcstats_sink_ready 1.0",
                        "kafka_consumer_fetch_manager_records_lag_max");
    }

    private List<Map<String, String>> awaitRows(String sql, int expected) {
        List<List<Map<String, String>>> holder = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, String>> rows = fixture.query(sql);
            assertThat(rows).hasSize(expected);
            holder.add(rows);
        });
        return holder.getLast();
    }
}
