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
    private static final String ROW = " ('acme', 'room_meeting-42', 's1', 'c-1', '2026-11-24 10:00:00.000', 'PC_0',";

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
                "INSERT INTO stats_reports VALUES"
                        + ROW
                        + " 'inbound-rtp', 'IT01V1', '2026-11-24 10:00:01.000',"
                        + " {'bytesReceived': 1000, 'packetsReceived': 10}, 1),"
                        + ROW
                        + " 'inbound-rtp', 'IT01V1', '2026-11-24 10:00:02.000',"
                        + " {'bytesReceived': 126000, 'packetsReceived': 110}, 1),"
                        + ROW
                        + " 'candidate-pair', 'CP1', '2026-11-24 10:00:02.000', {'currentRoundTripTime': 0.05}, 1)");

        // When
        List<Integer> answered =
                statements.stream().map(sql -> query(fixture, sql)).toList();

        // Then
        assertThat(answered).hasSize(5);
        assertThat(fixture.query(statements.getFirst()))
                .last()
                .satisfies(row -> assertThat(Double.parseDouble(row.get("bps"))).isEqualTo(1_000_000.0));
        assertThat(fixture.query(statements.get(1)))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("max_rtt_s", "0.05"));
        fixture.close();
    }

    @Test
    void shouldRollTheChartMetricsUpToFiveSecondsWhenReportsAreInserted(TestInfra infra) throws Exception {
        // Given
        SinkFixture fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();

        // When: two polls in one 5-second interval, and a metric the charts do not draw
        SinkFixture.execute(
                fixture.clickhouseUrl(),
                "INSERT INTO stats_reports VALUES"
                        + ROW
                        + " 'inbound-rtp', 'IT01V1', '2026-11-24 10:00:01.000', {'bytesReceived': 1000, 'nackCount': 1}, 1),"
                        + ROW
                        + " 'inbound-rtp', 'IT01V1', '2026-11-24 10:00:02.000', {'bytesReceived': 126000}, 1)");

        // Then
        assertThat(fixture.query("SELECT metric, toString(ts) AS ts, max(value) AS value,"
                        + " toString(max(last_ts)) AS last_ts FROM stats_chart_5s GROUP BY metric, ts"))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("metric", "bytesReceived")
                        .containsEntry("ts", "2026-11-24 10:00:00.000")
                        .containsEntry("value", "126000.0")
                        .containsEntry("last_ts", "2026-11-24 10:00:02.000"));
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
