package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.CloseCodes;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.e2e.SessionLoad.Session;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.KafkaClusterProcesses;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet at small scale: a 3-node KRaft cluster (topics at RF 3, {@code min.insync.replicas=2}) and two
 * instances of every service, each in its own JVM, under a steady stream of browser sessions. One broker, one
 * gateway, one enricher and one sink are killed with SIGKILL in turn, each started again after the pipeline has
 * recovered; then every service instance is restarted one at a time as a rolling upgrade does.
 *
 * <p>Expected: every accepted session is stored exactly once (one row with and without {@code FINAL}), with exactly
 * one dump in S3 and no other object; a session that ended normally holds every frame its client sent, any other
 * holds a prefix; the sessions cut by the gateway kill end with 1006. After each fault and each restart, twelve
 * short "canary" sessions measure the recovery: the time from the fault until all their rows are in ClickHouse. The
 * figures are logged, never asserted.
 */
@ExtendWith(InfraExtension.class)
class ReplicatedClusterIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicatedClusterIT.class);
    private static final int BROKERS = 3;
    private static final int INSTANCES = 2;
    private static final int PARTITIONS = 3;
    private static final int MIN_SESSIONS = 1000;
    private static final int CANARIES = 12;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    // Kept when the test fails: the services' logs are in it.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private final Map<String, Duration> recoveries = new LinkedHashMap<>();

    @Test
    void shouldKeepEveryAcceptedSessionOnceThroughKillsAndARollingRestart(TestInfra infra) throws Exception {
        String run = TestInfra.uniqueName("cluster");
        PipelineStore store = new PipelineStore(infra, run);
        try (KafkaClusterProcesses kafka = KafkaClusterProcesses.start(BROKERS);
                Fleet fleet = startFleet(infra, kafka, store);
                SessionLoad load = new SessionLoad(
                        fleet,
                        run + "-load",
                        40,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(1))) {
            // Given
            load.start();
            await().atMost(STEP_TIMEOUT).until(() -> load.started() >= 100);
            measureRecovery(store, load, run, "baseline", System.nanoTime());

            // When: one instance of everything is killed in turn, and started again once the rest has recovered.
            long killedAt = System.nanoTime();
            kafka.kill(2);
            measureRecovery(store, load, run, "kill -9 broker", killedAt);
            kafka.restart(2);

            ServiceProcess gateway = fleet.gateways.getFirst();
            takeOutOfRotation(fleet, load, gateway);
            killedAt = System.nanoTime();
            gateway.kill();
            int killedGeneration = gateway.generation();
            measureRecovery(store, load, run, "kill -9 gateway", killedAt);
            fleet.restart(gateway);
            fleet.rotate(gateway, true);

            for (ServiceProcess service : List.of(fleet.enrichers.getFirst(), fleet.sinks.getFirst())) {
                killedAt = System.nanoTime();
                service.kill();
                measureRecovery(store, load, run, "kill -9 " + service.name, killedAt);
                LOGGER.atInfo()
                        .addKeyValue("service", service.name)
                        .addKeyValue("readyMillis", fleet.restart(service).toMillis())
                        .log("killed instance started again");
            }

            // When: a rolling restart of every instance.
            for (ServiceProcess service : fleet.all()) {
                boolean isGateway = fleet.gateways.contains(service);
                if (isGateway) {
                    takeOutOfRotation(fleet, load, service);
                }
                long stoppedAt = System.nanoTime();
                service.stop();
                fleet.restart(service);
                if (isGateway) {
                    fleet.rotate(service, true);
                }
                measureRecovery(store, load, run, "restart " + service.name, stoppedAt);
            }
            await().atMost(STEP_TIMEOUT).until(() -> load.started() >= MIN_SESSIONS);
            load.stopStarting();
            List<Session> sessions = awaitAllClosed(load);

            // Then
            List<Session> accepted =
                    sessions.stream().filter(s -> s.client().opened()).toList();
            assertThat(accepted.size()).as("sessions accepted").isGreaterThanOrEqualTo(MIN_SESSIONS);
            String rowsQuery = "SELECT session, connection_id, message_count, close_code, blob_key FROM sessions FINAL"
                    + " WHERE startsWith(conference, '" + run + "')";
            await().atMost(STEP_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(store.query(rowsQuery)).hasSize(accepted.size()));
            Map<String, Map<String, String>> rows = store.query(rowsQuery).stream()
                    .collect(Collectors.toMap(row -> row.get("session"), Function.identity()));
            assertThat(rows.keySet())
                    .as("one row per accepted session")
                    .containsExactlyInAnyOrderElementsOf(
                            accepted.stream().map(s -> s.client().session).toList());
            assertThat(store.query("SELECT connection_id, count() AS n FROM sessions WHERE startsWith(conference, '"
                            + run + "') GROUP BY connection_id HAVING n > 1"))
                    .as("connections with more than one row without FINAL")
                    .isEmpty();
            Set<String> blobKeys = new HashSet<>(store.blobKeys());
            assertThat(blobKeys)
                    .as("one dump per session, no other object")
                    .containsExactlyInAnyOrderElementsOf(
                            rows.values().stream().map(r -> r.get("blob_key")).toList());
            int cut = 0;
            for (Session session : accepted) {
                SimulatedClient client = session.client();
                Map<String, String> row = rows.get(client.session);
                List<String> frames = dumpFrames(store.blob(row.get("blob_key")));
                assertThat(row.get("message_count"))
                        .as("%s frames in row and dump", client.session)
                        .isEqualTo(Integer.toString(frames.size()));
                boolean onKilledGateway = session.gateway() == gateway && session.generation() == killedGeneration;
                if (client.closeCodeNow() == CloseCodes.NORMAL && !onKilledGateway) {
                    assertThat(frames).as(client.session).containsExactlyElementsOf(client.sent);
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
            assertThat(cut).as("sessions cut by the gateway kill").isPositive();
            LOGGER.atInfo()
                    .addKeyValue("sessions", accepted.size())
                    .addKeyValue(
                            "frames",
                            accepted.stream()
                                    .mapToInt(s -> s.client().sent.size())
                                    .sum())
                    .addKeyValue("cutByGatewayKill", cut)
                    .addKeyValue("closeCodes", closeCodes(accepted))
                    .addKeyValue("recoveryMillis", recoveryMillis())
                    .log("replicated cluster: every accepted session stored once");
        }
    }

    private Fleet startFleet(TestInfra infra, KafkaClusterProcesses kafka, PipelineStore store) {
        kafka.createTopics(
                List.of(
                        Topics.FRAMES,
                        Topics.DUMPS,
                        Topics.SESSIONS,
                        Topics.FEATURES,
                        Topics.STATS,
                        Topics.DEAD_LETTERS),
                PARTITIONS);
        Fleet fleet = new Fleet(infra, kafka.bootstrapServers(), store, INSTANCES, temp);
        try {
            fleet.start();
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /** As a load balancer whose readiness check failed: no new sessions, and the last ones settled. */
    private static void takeOutOfRotation(Fleet fleet, SessionLoad load, ServiceProcess gateway) {
        fleet.rotate(gateway, false);
        await().atMost(STEP_TIMEOUT).until(() -> load.settledOn(gateway));
    }

    /** Opens canary sessions now and returns when all their rows are in ClickHouse, counted from {@code since}. */
    private void measureRecovery(PipelineStore store, SessionLoad load, String run, String step, long since) {
        String conference = run + "-canary-" + recoveries.size();
        List<Session> canaries = load.openExtra(conference, CANARIES, Duration.ofSeconds(1));
        await().atMost(STEP_TIMEOUT)
                .until(() ->
                        canaries.stream().allMatch(c -> c.client().closeCode.isDone()));
        long accepted = canaries.stream().filter(c -> c.client().opened()).count();
        String count = "SELECT count() AS n FROM sessions FINAL WHERE conference = '" + conference + "'";
        await().atMost(STEP_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Long.parseLong(store.query(count).getFirst().get("n")) == accepted);
        Duration recovery = Duration.ofNanos(System.nanoTime() - since);
        recoveries.put(step, recovery);
        LOGGER.atInfo()
                .addKeyValue("step", step)
                .addKeyValue("recoveryMillis", recovery.toMillis())
                .addKeyValue("canaries", accepted)
                .addKeyValue("sessionsStarted", load.started())
                .log("canary sessions stored");
    }

    private static List<Session> awaitAllClosed(SessionLoad load) {
        await().atMost(STEP_TIMEOUT)
                .until(() -> load.sessions().stream()
                        .allMatch(s -> s.client().closeCode.isDone()));
        return load.sessions();
    }

    private String recoveryMillis() {
        return recoveries.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().toMillis())
                .collect(Collectors.joining(", "));
    }

    private static Map<Integer, Long> closeCodes(List<Session> sessions) {
        return sessions.stream().collect(Collectors.groupingBy(s -> s.client().closeCodeNow(), Collectors.counting()));
    }

    /** The frame lines of a dump: without the header, the metadata and the closing line. */
    private static List<String> dumpFrames(String dump) {
        List<String> lines = new ArrayList<>(dump.lines().toList());
        assertThat(lines.getFirst()).isEqualTo("RTCStatsDump");
        assertThat(lines.getLast()).startsWith("[\"close\",null,");
        return lines.subList(2, lines.size() - 1);
    }
}
