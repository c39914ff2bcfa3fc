package dev.rtcstats.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.e2e.Outcome.ClosedWith;
import dev.rtcstats.pipeline.e2e.Outcome.DeadLettered;
import dev.rtcstats.pipeline.e2e.Outcome.DumpLacks;
import dev.rtcstats.pipeline.e2e.Outcome.DumpStored;
import dev.rtcstats.pipeline.e2e.Outcome.Features;
import dev.rtcstats.pipeline.e2e.Outcome.GatewayRejected;
import dev.rtcstats.pipeline.e2e.Outcome.HttpStatuses;
import dev.rtcstats.pipeline.e2e.Outcome.NoSessionRow;
import dev.rtcstats.pipeline.e2e.Outcome.NothingPublished;
import dev.rtcstats.pipeline.e2e.Outcome.SessionColumn;
import dev.rtcstats.pipeline.e2e.Outcome.UpgradeRefused;
import dev.rtcstats.pipeline.e2e.Outcome.ValuesAdjusted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Verifies the outcomes of one hostile case against what the attacker saw and what the pipeline stored. */
final class OutcomeCheck {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Pipeline pipeline;
    private final TopicTap tap;
    private final Counters counters;

    OutcomeCheck(Pipeline pipeline, TopicTap tap, Counters counters) {
        this.pipeline = pipeline;
        this.tap = tap;
        this.counters = counters;
    }

    /**
     * @param before the counters read before the attack
     */
    void verify(HostileCase hostile, Attacker.Observed observed, Counters.Snapshot before) throws Exception {
        for (Outcome outcome : hostile.outcomes()) {
            switch (outcome) {
                case ClosedWith(int code) ->
                    assertThat(observed.closeCodes())
                            .as("%s: close codes", hostile.id())
                            .isNotEmpty()
                            .containsOnly(code);
                case UpgradeRefused() ->
                    assertThat(observed.upgradeRefused())
                            .as("%s: upgrade refused", hostile.id())
                            .isTrue();
                case HttpStatuses(List<Integer> statuses) ->
                    assertThat(observed.httpStatuses())
                            .as("%s: HTTP statuses", hostile.id())
                            .isEqualTo(statuses);
                case DeadLettered letter ->
                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(deadLetterKinds(hostile))
                                    .as("%s: dead letters", hostile.id())
                                    .contains(letter));
                case Features(var status, String reason) -> {
                    Map<String, String> row = sessionRow(hostile);
                    assertThat(row.get("features_status"))
                            .as("%s: features_status", hostile.id())
                            .isEqualTo(status.token());
                    assertThat(row.get("features_reason"))
                            .as("%s: features_reason", hostile.id())
                            .isEqualTo(reason == null ? "" : reason);
                }
                case SessionColumn(String column, String value) ->
                    assertThat(sessionRow(hostile).get(column))
                            .as("%s: sessions.%s", hostile.id(), column)
                            .isEqualTo(value);
                case NoSessionRow() ->
                    assertThat(pipeline.query("SELECT 1 FROM sessions FINAL WHERE connection_id IN ("
                                    + quoted(connections(hostile)) + ")"))
                            .as("%s: no sessions row", hostile.id())
                            .isEmpty();
                case DumpStored(int frames) -> {
                    String dump = dump(hostile);
                    if (frames >= 0) {
                        assertThat(dump.lines().count() - 3)
                                .as("%s: frames in the dump", hostile.id())
                                .isEqualTo(frames);
                    }
                }
                case DumpLacks(String text) ->
                    assertThat(dump(hostile))
                            .as("%s: stored dump", hostile.id())
                            .doesNotContain(text);
                case NothingPublished() ->
                    assertThat(tap.connections(hostile.id()))
                            .as("%s: connections published", hostile.id())
                            .isEmpty();
                case ValuesAdjusted(String check) ->
                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(counters.read().adjusted(check))
                                    .as("%s: values adjusted by %s", hostile.id(), check)
                                    .isGreaterThan(before.adjusted(check)));
                case GatewayRejected(String reason) ->
                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(counters.read().rejected(reason))
                                    .as("%s: gateway rejects %s", hostile.id(), reason)
                                    .isGreaterThan(before.rejected(reason)));
            }
        }
    }

    /**
     * Once every case has run and the topics are drained: the dead letters of the case are exactly those its outcomes
     * list, and a case that must publish nothing still has nothing on the frames topic.
     */
    void verifyOnceAllRan(HostileCase hostile) {
        if (hostile.outcomes().contains(new NothingPublished())) {
            assertThat(tap.connections(hostile.id()))
                    .as("%s: connections published", hostile.id())
                    .isEmpty();
        }
        Set<DeadLettered> expected = hostile.outcomes().stream()
                .filter(DeadLettered.class::isInstance)
                .map(DeadLettered.class::cast)
                .collect(Collectors.toSet());
        assertThat(deadLetterKinds(hostile))
                .as("%s: dead letters (stage, reason)", hostile.id())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    Set<DeadLettered> deadLetterKinds(HostileCase hostile) {
        return tap.deadLetters(hostile.id(), connections(hostile)).stream()
                .map(l -> new DeadLettered(l.letter().stage(), l.letter().reason()))
                .collect(Collectors.toSet());
    }

    private Set<String> connections(HostileCase hostile) {
        return tap.connections(hostile.id());
    }

    private String connection(HostileCase hostile) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(connections(hostile))
                        .as("%s: connections opened", hostile.id())
                        .hasSize(1));
        return connections(hostile).iterator().next();
    }

    private Map<String, String> sessionRow(HostileCase hostile) throws Exception {
        String sql = "SELECT * FROM sessions FINAL WHERE connection_id = '" + connection(hostile) + "'";
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(pipeline.query(sql))
                        .as("%s: sessions row", hostile.id())
                        .hasSize(1));
        return pipeline.query(sql).getFirst();
    }

    private String dump(HostileCase hostile) {
        String key = connection(hostile) + ".gz";
        return await().atMost(WAIT).ignoreExceptions().until(() -> pipeline.blob(key), dump -> true);
    }

    private static String quoted(Set<String> ids) {
        return ids.isEmpty() ? "''" : ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }
}
