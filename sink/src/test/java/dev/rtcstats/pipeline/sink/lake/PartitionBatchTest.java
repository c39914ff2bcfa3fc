package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.StatsSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionBatchTest {
    private static final TopicPartition SOURCE = new TopicPartition("stats", 1);
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(5);

    @TempDir
    Path root;

    private SpoolDir spool;
    private LakeConfig config;

    @BeforeEach
    void setUp() throws Exception {
        spool = SpoolDir.open(root);
        config = new LakeConfig("rtcstats", "lake", 1024 * 1024, INTERVAL, 64 * 1024, 8, 3, root);
    }

    @AfterEach
    void tearDown() {
        spool.close();
    }

    @Test
    void shouldRollAtTheIntervalAndNameFilesAfterTheOffsetRange() throws Exception {
        // Given
        PartitionBatch batch = new PartitionBatch(SOURCE, 40, OptionalLong.empty());
        write(batch, 40, "acme", 1_758_602_115_667L);
        write(batch, 41, "acme", 1_758_602_115_667L);
        write(batch, 42, "other", 1_758_602_115_667L);

        // When
        boolean dueEarly = batch.isDue(NOW.plus(INTERVAL).minusMillis(1), INTERVAL, config.rollBytes());
        boolean dueLate = batch.isDue(NOW.plus(INTERVAL), INTERVAL, config.rollBytes());
        Roll roll = batch.close(new LakeLayout("lake"));

        // Then
        assertThat(dueEarly).isFalse();
        assertThat(dueLate).isTrue();
        assertThat(roll.start()).isEqualTo(40);
        assertThat(roll.end()).isEqualTo(43);
        assertThat(roll.files())
                .extracting(Roll.File::key)
                .containsExactly(
                        "lake/stats_timeseries/tenant=acme/date=2025-09-23/stats-1-00000000000000000040-00000000000000000043.parquet",
                        "lake/stats_timeseries/tenant=other/date=2025-09-23/stats-1-00000000000000000040-00000000000000000043.parquet");
        assertThat(roll.files()).extracting(Roll.File::rows).containsExactly(2L, 1L);
    }

    @Test
    void shouldRollAPinnedBatchAtItsPinOnly() throws Exception {
        // Given: a previous owner committed the intent to roll [40, 42)
        PartitionBatch batch = new PartitionBatch(SOURCE, 40, OptionalLong.of(42));
        write(batch, 40, "acme", 0);

        // When
        boolean dueBeforePin = batch.isDue(NOW.plus(Duration.ofDays(1)), INTERVAL, 1);
        write(batch, 41, "acme", 0);
        boolean dueAtPin = batch.isDue(NOW, INTERVAL, config.rollBytes());

        // Then
        assertThat(dueBeforePin).isFalse();
        assertThat(batch.isPastPin(41)).isFalse();
        assertThat(batch.isPastPin(42)).isTrue();
        assertThat(dueAtPin).isTrue();
        assertThat(batch.close(new LakeLayout("lake")).end()).isEqualTo(42);
    }

    @Test
    void shouldIgnoreAPinThatIsNotAheadOfTheStart() {
        // When
        PartitionBatch batch = new PartitionBatch(SOURCE, 40, OptionalLong.of(40));

        // Then
        assertThat(batch.isPinned()).isFalse();
    }

    private void write(PartitionBatch batch, long offset, String tenant, long start) throws Exception {
        StatsSeries series = new StatsSeries(
                StatsSeries.FORMAT,
                "c-" + offset,
                null,
                "room",
                "s",
                tenant,
                start,
                1,
                List.of(new StatsSeries.Sample("PC_0", "r", "candidate-pair", "rtt", start, 0.1)));
        for (LakeRow row : StatsTable.rows(series)) {
            batch.write(row, spool, config);
        }
        batch.handled(offset, NOW);
    }
}
