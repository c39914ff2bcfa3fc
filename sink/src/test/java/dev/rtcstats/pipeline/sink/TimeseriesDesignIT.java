package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class TimeseriesDesignIT {
    @Test
    void shouldRunTheDocumentedExampleQueriesWhenTheMigratedTableHasRows(TestInfra infra) throws Exception {
        // Given: the table as the migrations create it
        SinkFixture fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();
        List<String> statements = Migration.parse(
                        "900_stats_timeseries.sql", Files.readString(Path.of("docs/stats_timeseries.sql")))
                .statements();
        SinkFixture.execute(
                fixture.clickhouseUrl(),
                "INSERT INTO stats_timeseries VALUES"
                        + " ('acme', 'room_meeting-42', 's1', 'c-1', '2026-11-24 10:00:00.000', 'PC_0', 'IT01V1',"
                        + " 'inbound-rtp', 'bytesReceived', '2026-11-24 10:00:01.000', 1000, 1),"
                        + " ('acme', 'room_meeting-42', 's1', 'c-1', '2026-11-24 10:00:00.000', 'PC_0', 'IT01V1',"
                        + " 'inbound-rtp', 'bytesReceived', '2026-11-24 10:00:02.000', 126000, 1)");

        // When
        List<Integer> answered =
                statements.stream().map(sql -> query(fixture, sql)).toList();

        // Then
        assertThat(answered).hasSize(5);
        assertThat(fixture.query(statements.getFirst()))
                .last()
                .satisfies(row -> assertThat(Double.parseDouble(row.get("bps"))).isEqualTo(1_000_000.0));
        fixture.close();
    }

    private static int query(SinkFixture fixture, String sql) {
        try {
            return fixture.query(sql).size();
        } catch (java.sql.SQLException e) {
            throw new AssertionError("documented query failed: " + sql, e);
        }
    }
}
