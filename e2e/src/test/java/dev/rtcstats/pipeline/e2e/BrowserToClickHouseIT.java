package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtcstats.pipeline.enricher.privacy.DumpPrivacy;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Chromium runs the published rtcStats client ({@code rtcstats@5.2.0}) through a loopback call; the session
 * must come out of the pipeline as a ClickHouse row, an S3 dump holding exactly the frames the browser sent, and
 * feature rows.
 */
@ExtendWith(InfraExtension.class)
class BrowserToClickHouseIT {
    // Candidate address and type in a candidate line: "candidate:<foundation> <component> <protocol> <priority>
    // <address> <port> typ <type>".
    private static final Pattern HOST_OR_SRFLX =
            Pattern.compile("candidate:\\S+ \\S+ \\S+ \\S+ (\\S+) \\S+ typ (?:host|srflx)");
    private static final Set<String> KEPT = Set.of("127.0.0.1", "::1", "0.0.0.0");
    private static final Logger LOGGER = LoggerFactory.getLogger(BrowserToClickHouseIT.class);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(60);
    private static final int CALL_MILLIS = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void shouldStoreSessionDumpAndFeaturesWhenBrowserClientClosesItsSocket(TestInfra infra) throws Exception {
        // Given
        Path client = clientDir();
        String user = "alice";
        String conference = TestInfra.uniqueName("room");
        String session = TestInfra.uniqueName("session");
        Instant started = Instant.now();
        try (Pipeline pipeline = Pipeline.start(
                        infra,
                        infra.kafkaBootstrap(),
                        infra::createTopic,
                        temp.resolve("enricher"),
                        Duration.ofSeconds(60),
                        Map.of());
                CallPage page = CallPage.serve(client, pipeline.webSocketUrl(user, conference, session), CALL_MILLIS);
                HeadlessChromium browser = HeadlessChromium.open(page.url(), temp)) {

            // When
            List<String> sent = page.sentFrames.get(PAGE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long closed = System.nanoTime();

            // Then
            assertThat(sent)
                    .as("frames the browser sent (log: %s)", browser.log)
                    .anyMatch(frame -> frame.startsWith("[\"getstats\",\"PC_0\""))
                    .anyMatch(frame -> frame.startsWith("[\"getstats\",\"PC_1\""))
                    .anyMatch(frame -> frame.startsWith("[\"navigator.mediaDevices.getUserMedia\""));
            String where = " WHERE rtcstats_session = '" + session + "'";
            await().atMost(PIPELINE_TIMEOUT)
                    .untilAsserted(() -> assertThat(pipeline.query("SELECT id FROM \"rtcstats-server\"" + where))
                            .hasSize(1));
            LOGGER.atInfo()
                    .addKeyValue("frames", sent.size())
                    .addKeyValue("millisFromCloseToRow", (System.nanoTime() - closed) / 1_000_000)
                    .log("browser session visible in ClickHouse");
            Map<String, String> row =
                    pipeline.query("SELECT * FROM \"rtcstats-server\"" + where).getFirst();
            String connectionId = row.get("id");
            assertThat(row)
                    .containsEntry("rtcstats_user", user)
                    .containsEntry("rtcstats_conference", conference)
                    .containsEntry("blob_url", infra.s3Endpoint() + "/" + pipeline.bucket + "/" + connectionId + ".gz");
            Map<String, String> stored = pipeline.query("SELECT message_count, client_protocol, blob_key, closed_by"
                            + " FROM sessions FINAL WHERE connection_id = '" + connectionId + "'")
                    .getFirst();
            assertThat(stored)
                    .containsEntry("message_count", Integer.toString(sent.size()))
                    .containsEntry("client_protocol", "2.0")
                    .containsEntry("closed_by", "client");

            List<String> dump = pipeline.blob(stored.get("blob_key")).lines().toList();
            assertThat(dump.getFirst()).isEqualTo("RTCStatsDump");
            JsonNode metadata = JSON.readTree(dump.get(1));
            assertThat(metadata.path("clientProtocol").asText()).isEqualTo("2.0");
            assertThat(metadata.path("url").asText())
                    .contains("rtcstats-token=obfuscated")
                    .doesNotContain("eyJ");
            List<String> storedFrames = new ArrayList<>();
            sent.forEach(frame -> DumpPrivacy.DEFAULT.writeFrame(
                    frame.getBytes(StandardCharsets.UTF_8), bytes -> {}, storedFrames::add));
            assertThat(dump.subList(2, dump.size() - 1))
                    .as("frames in the order the browser sent them, obfuscated as the reference stores them")
                    .containsExactlyElementsOf(storedFrames);
            String blob = String.join("\n", dump);
            List<String> clearAddresses = HOST_OR_SRFLX
                    .matcher(String.join("\n", sent))
                    .results()
                    .map(match -> match.group(1))
                    .filter(address -> address.matches("[0-9.]+|[0-9a-fA-F:]+") && !KEPT.contains(address))
                    .distinct()
                    .toList();
            LOGGER.atInfo().addKeyValue("addresses", clearAddresses).log("host and srflx addresses the browser sent");
            assertThat(clearAddresses)
                    .as("no host or srflx address in clear in the stored blob")
                    .allSatisfy(address -> assertThat(blob)
                            .doesNotContain(" " + address + " ")
                            .as("nor in the getstats candidate reports")
                            .doesNotContain("\"address\":\"" + address + "\"", "\"ip\":\"" + address + "\""));
            assertThat(dump.getLast()).matches("\\[\"close\",null,\\d{4},\\d+\\]");

            await().atMost(PIPELINE_TIMEOUT)
                    .untilAsserted(() -> assertThat(pipeline.query(
                                    "SELECT connection_identifier FROM features_connection FINAL WHERE connection_id = '"
                                            + connectionId + "' ORDER BY connection_identifier"))
                            .extracting(r -> r.get("connection_identifier"))
                            .containsExactly("PC_0", "PC_1"));
            Map<String, String> features = pipeline.query("SELECT toUnixTimestamp64Milli(start_time) AS start_ms,"
                            + " duration, called_get_user_media FROM features_client FINAL WHERE connection_id = '"
                            + connectionId + "'")
                    .getFirst();
            assertThat(Long.parseLong(features.get("start_ms")))
                    .as("absolute client start time")
                    .isBetween(
                            started.minusSeconds(60).toEpochMilli(),
                            Instant.now().toEpochMilli());
            assertThat(Long.parseLong(features.get("duration")))
                    .as("session duration in ms")
                    .isBetween((long) CALL_MILLIS, PAGE_TIMEOUT.toMillis());
            assertThat(features.get("called_get_user_media")).isIn("true", "1");

            // The legacy client's getstats polls are charted like the current client's getStats.
            await().atMost(PIPELINE_TIMEOUT)
                    .untilAsserted(() -> assertThat(pipeline.query("SELECT DISTINCT peer_connection, type"
                                    + " FROM stats_reports WHERE connection_id = '" + connectionId
                                    + "' AND mapContains(metrics, 'bytesSent')"))
                            .extracting(r -> r.get("peer_connection") + " " + r.get("type"))
                            .contains("PC_0 outbound-rtp", "PC_0 transport", "PC_1 transport"));
        }
    }

    private static Path clientDir() {
        Path dir = Path.of(System.getProperty("rtcstats.client.dir", ".cache/npm/rtcstats-5.2.0"));
        if (!Files.isRegularFile(dir.resolve("trace-ws.js"))) {
            throw new AssertionError("the rtcstats@5.2.0 npm package is missing from " + dir
                    + ": run infra/scripts/fetch-test-deps.sh (infra/scripts/test.sh does)");
        }
        return dir;
    }
}
