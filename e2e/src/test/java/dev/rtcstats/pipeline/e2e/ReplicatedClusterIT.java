package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.e2e.SessionLoad.Session;
import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.KafkaClusterProcesses;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * gateway, one enricher and one sink are killed with SIGKILL in turn and, as an orchestrator does, started again at
 * once; then the other instance of every service is restarted with SIGTERM, one at a time, so that every instance
 * was restarted once.
 *
 * <p>Expected ({@link StoredSessions}): every accepted session is stored exactly once, with exactly one dump in S3
 * and no other object; a client that heard its 1000 finds every frame it sent, any other a prefix; the sessions cut
 * by the gateway kill end with 1006. After each fault a dozen short "canary" sessions measure the recovery: the time
 * from the fault until all their rows are in ClickHouse. The figures are printed ({@link RecoveryReport}), never
 * asserted.
 */
@ExtendWith(InfraExtension.class)
class ReplicatedClusterIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicatedClusterIT.class);
    private static final int BROKERS = 3;
    private static final int INSTANCES = 2;
    private static final int PARTITIONS = 3;
    private static final int MIN_SESSIONS = 1000;
    private static final int CONCURRENT_SESSIONS = 30;
    private static final int CANARIES = 12;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    // Kept when the test fails: the services' logs are in it.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private final RecoveryReport report = new RecoveryReport();

    @Test
    void shouldKeepEveryAcceptedSessionOnceThroughKillsAndARollingRestart(TestInfra infra) throws Exception {
        long began = System.nanoTime();
        String run = TestInfra.uniqueName("cluster");
        PipelineStore store = new PipelineStore(infra, run);
        try (KafkaClusterProcesses kafka = KafkaClusterProcesses.start(BROKERS);
                Fleet fleet = startFleet(infra, kafka, store);
                SessionLoad load = new SessionLoad(
                        fleet,
                        run + "-load",
                        CONCURRENT_SESSIONS,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(1))) {
            // Given
            load.start();
            await().atMost(STEP_TIMEOUT).until(() -> load.started() >= 100);
            measureRecovery(store, load, run, "baseline (no fault)", System.nanoTime());

            // When: one instance of everything is killed in turn and started again at once.
            long killedAt = System.nanoTime();
            kafka.kill(2);
            kafka.launch(2);
            measureRecovery(store, load, run, "kill -9 broker", killedAt);
            kafka.awaitReady(2);

            ServiceProcess gateway = fleet.gateways.getFirst();
            takeOutOfRotation(fleet, load, gateway);
            killedAt = System.nanoTime();
            gateway.kill();
            int killedGeneration = gateway.generation();
            gateway.launch();
            measureRecovery(store, load, run, "kill -9 gateway", killedAt);
            fleet.awaitReady(gateway);
            fleet.rotate(gateway, true);

            for (ServiceProcess service : List.of(fleet.enrichers.getFirst(), fleet.sinks.getFirst())) {
                killedAt = System.nanoTime();
                service.kill();
                service.launch();
                measureRecovery(store, load, run, "kill -9 " + service.name, killedAt);
                fleet.awaitReady(service);
            }

            // When: the instances not killed are restarted with SIGTERM, one at a time, as a rolling upgrade does.
            long rollingFrom = System.nanoTime();
            for (ServiceProcess service :
                    List.of(fleet.sinks.getLast(), fleet.enrichers.getLast(), fleet.gateways.getLast())) {
                boolean isGateway = fleet.gateways.contains(service);
                if (isGateway) {
                    takeOutOfRotation(fleet, load, service);
                }
                service.stop();
                fleet.restart(service);
                if (isGateway) {
                    fleet.rotate(service, true);
                }
            }
            measureRecovery(store, load, run, "rolling restart (SIGTERM)", rollingFrom);
            await().atMost(STEP_TIMEOUT).until(() -> load.opened() >= MIN_SESSIONS);
            load.stopStarting();
            List<Session> sessions = awaitAllClosed(load);

            // Then
            List<Session> accepted =
                    sessions.stream().filter(s -> s.client().opened()).toList();
            assertThat(accepted.size()).as("sessions accepted").isGreaterThanOrEqualTo(MIN_SESSIONS);
            int cut = new StoredSessions(store, run, STEP_TIMEOUT)
                    .assertEachStoredOnce(sessions, gateway, killedGeneration);
            assertThat(cut).as("sessions cut by the gateway kill").isPositive();
            int frames = accepted.stream().mapToInt(s -> s.client().sent.size()).sum();
            LOGGER.atInfo()
                    .addKeyValue("sessions", accepted.size())
                    .addKeyValue("frames", frames)
                    .addKeyValue("cutByGatewayKill", cut)
                    .addKeyValue("closeCodes", closeCodes(accepted))
                    .log("replicated cluster: every accepted session stored once");
            System.out.print(report.render(accepted.size(), frames, Duration.ofNanos(System.nanoTime() - began)));
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
        String conference = run + "-canary-" + report.steps().size();
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
        report.add(step, recovery, accepted, load.started());
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

    private static Map<Integer, Long> closeCodes(List<Session> sessions) {
        return sessions.stream().collect(Collectors.groupingBy(s -> s.client().closeCodeNow(), Collectors.counting()));
    }
}
