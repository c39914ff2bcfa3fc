package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A well-behaved client that connects after a hostile one, sends for half a second and closes; its session must land
 * whole: the {@code sessions} row, the dump in S3 and feature rows. Measures close to row, never asserts on time.
 */
final class Bystander {
    private static final Duration SENDING = Duration.ofMillis(500);
    private static final Duration LANDING_TIMEOUT = Duration.ofSeconds(90);
    private static final long POLL_MILLIS = 100;

    /** Milliseconds from the client's close to its session row, and to row, dump and features all being there. */
    record Landed(String session, long closeToRowMillis, long closeToAllMillis) {}

    private Bystander() {}

    static Landed run(Pipeline pipeline, HttpClient http, String conference, String session) throws Exception {
        SimulatedClient client = new SimulatedClient(session);
        client.run(http, pipeline.webSocketUrl("bystander", conference, session), SENDING);
        long closed = System.nanoTime();
        assertThat(client.closeCode).as("%s closed normally", session).succeedsWithin(Duration.ofSeconds(30));
        assertThat(client.closeCodeNow()).as("%s close code", session).isEqualTo(1000);
        String sql = "SELECT connection_id, blob_key, message_count FROM sessions FINAL WHERE conference = '"
                + conference + "' AND session = '" + session + "'";
        long deadline = closed + LANDING_TIMEOUT.toNanos();
        long rowAt = -1;
        while (System.nanoTime() < deadline) {
            List<Map<String, String>> rows = pipeline.query(sql);
            if (!rows.isEmpty()) {
                if (rowAt < 0) {
                    rowAt = System.nanoTime();
                }
                if (landedWhole(pipeline, rows.getFirst(), client.sent.size())) {
                    return new Landed(session, (rowAt - closed) / 1_000_000, (System.nanoTime() - closed) / 1_000_000);
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError(session + ": no sessions row, dump and features within " + LANDING_TIMEOUT
                + " of its close (row seen: " + (rowAt >= 0) + ")");
    }

    private static boolean landedWhole(Pipeline pipeline, Map<String, String> row, int frames) throws Exception {
        assertThat(row.get("message_count")).as("frames in the row").isEqualTo(Integer.toString(frames));
        String id = row.get("connection_id");
        boolean features = !pipeline.query("SELECT 1 FROM features_client FINAL WHERE connection_id = '" + id + "'")
                        .isEmpty()
                && !pipeline.query("SELECT 1 FROM features_connection FINAL WHERE connection_id = '" + id + "'")
                        .isEmpty();
        if (!features) {
            return false;
        }
        try {
            return pipeline.blob(row.get("blob_key")).lines().count() == frames + 3L;
        } catch (io.minio.errors.ErrorResponseException e) {
            return false;
        }
    }
}
