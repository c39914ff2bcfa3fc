package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.e2e.SessionLoad.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a fleet run must have stored: every accepted session exactly once in ClickHouse (with and without
 * {@code FINAL}) and exactly once in S3, nothing else in the bucket, every frame of a normally closed client and a
 * prefix of any other's, and the code 1006 for the sessions a killed gateway cut.
 */
final class StoredSessions {
    private final PipelineStore store;
    private final String run;
    private final Duration timeout;

    StoredSessions(PipelineStore store, String run, Duration timeout) {
        this.store = store;
        this.run = run;
        this.timeout = timeout;
    }

    /**
     * Asserts the run's sessions; returns how many were cut by the kill of {@code gateway} at {@code generation}. A
     * session whose client gave up on a slow handshake may still have been accepted by the gateway: it may have a
     * row, without any frame.
     */
    int assertEachStoredOnce(List<Session> started, ServiceProcess gateway, int generation) throws Exception {
        List<Session> accepted =
                started.stream().filter(s -> s.client().opened()).toList();
        Set<String> acceptedIds = accepted.stream().map(s -> s.client().session).collect(Collectors.toSet());
        Set<String> startedIds = started.stream().map(s -> s.client().session).collect(Collectors.toSet());
        String rowsQuery = "SELECT session, connection_id, message_count, close_code, blob_key FROM sessions FINAL"
                + " WHERE startsWith(conference, '" + run + "')";
        // Late rows (handshakes the clients gave up on) may still arrive: wait until rows and dumps agree.
        await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<Map<String, String>> rows = store.query(rowsQuery);
            assertThat(rows.stream().map(row -> row.get("session")).toList())
                    .as("one row per accepted session, none for a session never started")
                    .doesNotHaveDuplicates()
                    .containsAll(acceptedIds)
                    .allMatch(startedIds::contains);
            assertThat(new HashSet<>(store.blobKeys()))
                    .as("one dump per session, no other object")
                    .containsExactlyInAnyOrderElementsOf(
                            rows.stream().map(r -> r.get("blob_key")).toList());
        });
        Map<String, Map<String, String>> rows = store.query(rowsQuery).stream()
                .collect(Collectors.toMap(row -> row.get("session"), Function.identity()));
        assertThat(rows.values())
                .as("rows of sessions whose client gave up on the handshake hold no frame")
                .filteredOn(row -> !acceptedIds.contains(row.get("session")))
                .allMatch(row -> row.get("message_count").equals("0"));
        assertThat(store.query("SELECT connection_id, count() AS n FROM sessions WHERE startsWith(conference, '" + run
                        + "') GROUP BY connection_id HAVING n > 1"))
                .as("connections with more than one row without FINAL")
                .isEmpty();
        int cut = 0;
        for (Session session : accepted) {
            SimulatedClient client = session.client();
            Map<String, String> row = rows.get(client.session);
            List<String> frames = dumpFrames(store.blob(row.get("blob_key")));
            assertThat(row.get("message_count"))
                    .as("%s frames in row and dump", client.session)
                    .isEqualTo(Integer.toString(frames.size()));
            boolean onKilledGateway = session.gateway() == gateway && session.generation() == generation;
            // A client hears its 1000 only once Kafka has every frame, even from a gateway killed afterwards.
            if (client.closeCodeNow() == CloseCodes.NORMAL) {
                assertThat(frames)
                        .as("%s saw 1000; the gateway recorded %s", client.session, row.get("close_code"))
                        .containsExactlyElementsOf(client.sent);
            } else {
                assertThat(client.sent)
                        .as("%s keeps the acknowledged frames", client.session)
                        .startsWith(frames.toArray(String[]::new));
            }
            if (onKilledGateway && client.closeCodeNow() != CloseCodes.NORMAL) {
                cut++;
                assertThat(row.get("close_code"))
                        .as("%s was cut by the gateway kill", client.session)
                        .isEqualTo(Integer.toString(CloseCodes.ABNORMAL));
            }
        }
        return cut;
    }

    /** The frame lines of a dump: without the header, the metadata and the closing line. */
    private static List<String> dumpFrames(String dump) {
        List<String> lines = new ArrayList<>(dump.lines().toList());
        assertThat(lines.getFirst()).isEqualTo("RTCStatsDump");
        assertThat(lines.getLast()).startsWith("[\"close\",null,");
        return lines.subList(2, lines.size() - 1);
    }
}
