package dev.rtcstats.pipeline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chart values computed in ClickHouse from known getStats samples: one participant sends 1,000 bytes/s on each of two
 * outbound streams, receives 100 packets/s with 1 lost per second, has a steady 50 ms RTT and is limited by
 * bandwidth; a second participant has no samples.
 */
@ExtendWith(InfraExtension.class)
class ConferenceSeriesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "acme";
    private static final String CONFERENCE = "weekly";
    private static final long START = 1_790_000_000_000L;
    /** Not a multiple of 10, so that the last bucket of a 10 s grid holds fewer samples than the others. */
    private static final int SECONDS = 57;

    private static ConsoleUnderTest console;

    @BeforeAll
    static void seed(TestInfra infra) throws Exception {
        console = ConsoleUnderTest.start(infra);
        Seeds seeds = console.seeds;
        seeds.session(TENANT, CONFERENCE, "alice", "s-1", "c-1", START, START + SECONDS * 1000L, 1000);
        seeds.session(TENANT, CONFERENCE, "bob", "s-2", "c-2", START, START + 10_000, 1006);
        for (String stream : List.of("OT01V1", "OT01A2")) {
            seeds.stats(
                    TENANT,
                    CONFERENCE,
                    "s-1",
                    "c-1",
                    START,
                    "outbound-rtp",
                    stream,
                    "bytesSent",
                    START,
                    SECONDS,
                    "1000 * number");
        }
        seeds.stats(
                TENANT,
                CONFERENCE,
                "s-1",
                "c-1",
                START,
                "outbound-rtp",
                "OT01V1",
                "qualityLimitationDurations.bandwidth",
                START,
                SECONDS,
                "0.8 * number");
        seeds.stats(
                TENANT,
                CONFERENCE,
                "s-1",
                "c-1",
                START,
                "outbound-rtp",
                "OT01V1",
                "qualityLimitationDurations.none",
                START,
                SECONDS,
                "0.2 * number");
        seeds.stats(
                TENANT,
                CONFERENCE,
                "s-1",
                "c-1",
                START,
                "inbound-rtp",
                "IT01V1",
                "packetsReceived",
                START,
                SECONDS,
                "100 * number");
        seeds.stats(
                TENANT,
                CONFERENCE,
                "s-1",
                "c-1",
                START,
                "inbound-rtp",
                "IT01V1",
                "packetsLost",
                START,
                SECONDS,
                "number");
        seeds.stats(
                TENANT, CONFERENCE, "s-1", "c-1", START, "inbound-rtp", "IT01V1", "jitter", START, SECONDS, "0.004");
        seeds.stats(
                TENANT,
                CONFERENCE,
                "s-1",
                "c-1",
                START,
                "candidate-pair",
                "CPabc",
                "currentRoundTripTime",
                START,
                SECONDS,
                "0.05");
        seeds.stats(
                TENANT,
                CONFERENCE,
                "s-1",
                "c-1",
                START,
                "outbound-rtp",
                "OT01V1",
                "framesPerSecond",
                START,
                SECONDS,
                "30");
        seeds.stats(TENANT, CONFERENCE, "s-1", "c-1", START, "media-source", "SV1", "width", START, SECONDS, "640");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void shouldTurnCountersIntoRatesAndGaugesIntoValuesPerSecond() throws Exception {
        // Given
        String token = ConsoleUnderTest.token(TENANT);

        // When
        JsonNode series = json(console.get("/api/conference/series?conference=" + CONFERENCE, token));

        // Then
        assertThat(series.path("grid").path("step").asLong()).isEqualTo(1000);
        assertThat(series.path("grid").path("from").asLong()).isEqualTo(START);
        assertThat(series.path("grid").path("points").asInt()).isEqualTo(SECONDS + 1);
        JsonNode alice = series.path("participants").path("c-1");
        assertThat(alice.path("bitrateOut").get(0).isNull())
                .as("no rate before a second sample")
                .isTrue();
        assertThat(numbers(alice.path("bitrateOut"))).hasSize(SECONDS - 1).containsOnly(16_000.0);
        assertThat(numbers(alice.path("rttMs"))).hasSize(SECONDS).containsOnly(50.0);
        assertThat(numbers(alice.path("jitterMs"))).containsOnly(4.0);
        assertThat(numbers(alice.path("fpsOut"))).containsOnly(30.0);
        assertThat(numbers(alice.path("lossPercent")))
                .hasSize(SECONDS - 1)
                .allSatisfy(loss -> assertThat(loss).isCloseTo(100.0 / 101, within(0.01)));
        assertThat(alice.path("bitrateIn").get(5).isNull())
                .as("nothing received")
                .isTrue();
        assertThat(alice.path("qualityLimitation").get(10).asText()).isEqualTo("bandwidth");
        assertThat(series.path("participants").has("c-2"))
                .as("bob sent no stats")
                .isFalse();
    }

    @Test
    void shouldReadTheRollUpOnRoundStepsAndRateAPartialLastBucketByItsOwnTime() throws Exception {
        // Given
        String token = ConsoleUnderTest.token(TENANT);

        // When
        JsonNode series = json(console.get("/api/conference/series?conference=" + CONFERENCE + "&points=10", token));

        // Then
        assertThat(series.path("grid").path("step").asLong()).isEqualTo(10_000);
        assertThat(numbers(series.path("participants").path("c-1").path("bitrateOut")))
                .hasSize(5)
                .allSatisfy(rate -> assertThat(rate).isCloseTo(16_000.0, within(1.0)));
        assertThat(numbers(series.path("participants").path("c-1").path("rttMs")))
                .hasSize(6)
                .containsOnly(50.0);
    }

    @Test
    void shouldReadOneConnectionAlone() throws Exception {
        // Given
        String token = ConsoleUnderTest.token(TENANT);

        // When
        HttpResponse<String> one =
                console.get("/api/conference/series?conference=" + CONFERENCE + "&connection=c-1", token);
        HttpResponse<String> unknown =
                console.get("/api/conference/series?conference=" + CONFERENCE + "&connection=c-9", token);

        // Then
        JsonNode participants = json(one).path("participants");
        assertThat(participants.size()).isEqualTo(1);
        assertThat(numbers(participants.path("c-1").path("rttMs"))).containsOnly(50.0);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(node -> {
            if (!node.isNull()) {
                values.add(node.asDouble());
            }
        });
        return values;
    }
}
