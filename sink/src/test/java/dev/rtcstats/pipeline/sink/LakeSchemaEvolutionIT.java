package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class LakeSchemaEvolutionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every poll of the lake runs an s3() query in the single test engine: keep them few. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final String ROOM = "evolving-room";

    private SinkFixture fixture;
    private LakeFiles lake;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();
        lake = new LakeFiles(fixture);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldReadOldAndNewFilesTogetherWhenAFeatureColumnIsAdded() throws Exception {
        // Given: a track feature file written before the column exists
        try (SinkService before = new SinkService(fixture.config(), lake.config(Duration.ofSeconds(2)))) {
            before.start();
            fixture.produceFeatures(features("old-c", Map.of()));
            await().atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(lake.keys("features_track")).hasSize(1));
        }
        String oldFile = lake.keys("features_track").getFirst();

        // When: a migration adds a nullable feature column, and a sink started afterwards writes a track with it
        SinkFixture.execute(
                fixture.clickhouseUrl(), "ALTER TABLE features_track ADD COLUMN jitter_buffer_spikes Nullable(Int64)");
        try (SinkService after = new SinkService(fixture.config(), lake.config(Duration.ofSeconds(2)))) {
            after.start();
            fixture.produceFeatures(features("new-c", Map.of("jitterBufferSpikes", 3)));
            await().atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(lake.keys("features_track")).hasSize(2));
        }

        // Then: ClickHouse reads both files with the union of their columns, NULL where a file lacks one
        List<Map<String, String>> rows = fixture.query("SELECT connection_id, psnr_sum_y, jitter_buffer_spikes FROM "
                + lake.s3("features_track") + " WHERE conference = '" + ROOM + "' ORDER BY connection_id"
                + " SETTINGS schema_inference_mode = 'union'");
        assertThat(rows)
                .containsExactly(
                        Map.of("connection_id", "new-c", "psnr_sum_y", "12.5", "jitter_buffer_spikes", "3"),
                        row("old-c", "12.5", null));
        // And parquet-java reads each file with its own schema
        assertThat(lake.read(oldFile, "features_track"))
                .singleElement()
                .satisfies(row -> assertThat(row).doesNotContainKey("jitter_buffer_spikes"));
        String newFile = lake.keys("features_track").stream()
                .filter(key -> !key.equals(oldFile))
                .findFirst()
                .orElseThrow();
        assertThat(lake.read(newFile, "features_track"))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("jitter_buffer_spikes", 3L));
    }

    private static FeatureRecord features(String connectionId, Map<String, Object> extra) {
        Map<String, Object> track = new java.util.HashMap<>(
                Map.of("connectionIdentifier", "PC_0", "trackIdentifier", "t1", "psnrSumY", 12.5));
        track.putAll(extra);
        return new FeatureRecord(
                FeatureRecord.FORMAT,
                connectionId,
                "alice",
                ROOM,
                "s1",
                "acme",
                1_758_602_115_667L,
                1,
                Map.of(),
                Map.of(),
                List.of(),
                List.of(track));
    }

    private static Map<String, String> row(String connectionId, String psnr, String spikes) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        row.put("connection_id", connectionId);
        row.put("psnr_sum_y", psnr);
        row.put("jitter_buffer_spikes", spikes);
        return row;
    }
}
