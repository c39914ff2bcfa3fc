package dev.rtcstats.pipeline.enricher;

import static dev.rtcstats.pipeline.enricher.AssemblerDriver.START;
import static dev.rtcstats.pipeline.enricher.AssemblerDriver.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.enricher.replay.ReplaySelection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySelectionTest {
    private static final Instant FROM = START.plus(Duration.ofHours(1));
    private static final Instant TO = START.plus(Duration.ofHours(2));
    private static final Tags ROOM_42 = new Tags("alice", "room-42", "session-1", null, "gw-1");
    private static final Tags ROOM_7 = new Tags("bob", "room-7", "session-2", null, "gw-1");

    @TempDir
    Path stateDir;

    private AssemblerDriver assembler;

    @AfterEach
    void closeDriver() {
        assembler.close();
    }

    @Test
    void shouldAssembleOnlyConnectionsOpenedInRangeWhenReplaying() {
        // Given
        replay(null, Long.MAX_VALUE);
        long from = FROM.toEpochMilli();
        long to = TO.toEpochMilli();

        // When
        connection("at-from", ROOM_42, from, 1000);
        connection("before-from", ROOM_42, from - 1, 1000);
        connection("last-ms", ROOM_7, to - 1, 1000);
        connection("at-to", ROOM_42, to, 1000);

        // Then
        assertThat(assembler.sessions())
                .extracting(SessionRecord::connectionId)
                .containsExactlyInAnyOrder("at-from", "last-ms");
        assertThat(assembler.dumps()).containsOnlyKeys("at-from", "last-ms");
        assertThat(assembler.deadLetters.isEmpty()).as("nothing dead-lettered").isTrue();
        assertThat(assembler.storedEntries()).isZero();
    }

    @Test
    void shouldKeepFramesAndCloseAfterToWhenOpenIsInRange() {
        // Given
        replay(null, Long.MAX_VALUE);
        long open = TO.toEpochMilli() - 10;

        // When
        connection("spans-to", ROOM_42, open, Duration.ofHours(3).toMillis());

        // Then
        assertThat(assembler.sessions()).singleElement().satisfies(session -> {
            assertThat(session.connectionId()).isEqualTo("spans-to");
            assertThat(session.messageCount()).isEqualTo(2);
            assertThat(session.closedBy()).isEqualTo("client");
            assertThat(session.endTime()).isEqualTo(open + Duration.ofHours(3).toMillis());
            assertThat(session.processingVersion()).isEqualTo(7);
        });
    }

    @Test
    void shouldIgnoreOtherConferencesWhenConferenceIsGiven() {
        // Given
        replay("room-42", Long.MAX_VALUE);
        long at = FROM.toEpochMilli() + 5;

        // When
        connection("in-room-42", ROOM_42, at, 1000);
        connection("in-room-7", ROOM_7, at, 1000);
        connection("no-conference", new Tags("carol", null, "session-3", null, "gw-1"), at, 1000);

        // Then
        assertThat(assembler.sessions()).extracting(SessionRecord::connectionId).containsExactly("in-room-42");
        assertThat(assembler.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldAssembleEveryConnectionAndReportStraysWhenLive() {
        // Given
        assembler = new AssemblerDriver(stateDir, 1024 * 1024);

        // When
        connection("before-from", ROOM_42, FROM.toEpochMilli() - 1, 1000);
        assembler.frame("never-opened", ROOM_7, 1, FROM.toEpochMilli(), "[1]");

        // Then
        assertThat(assembler.sessions()).extracting(SessionRecord::connectionId).containsExactly("before-from");
        assertThat(assembler.deadLetters())
                .singleElement()
                .extracting(AssemblerDriver.Letter::reason)
                .isEqualTo("connection-not-open");
    }

    @Test
    void shouldCloseOpenConnectionsAsTimeoutWhenReplayFinishes() {
        // Given
        ReplaySelection selection = replay(null, Long.MAX_VALUE);
        long open = FROM.toEpochMilli();
        assembler.open("unclosed", ROOM_42, open);
        assembler.frame("unclosed", ROOM_42, 1, open + 10, "[1]");
        assembler.frame("unclosed", ROOM_42, 2, open + 20, "[2]");
        assembler.driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(assembler.sessions()).as("not idle long enough to time out").isEmpty();

        // When
        selection.finish();
        assembler.driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then
        assertThat(assembler.sessions()).singleElement().satisfies(session -> {
            assertThat(session.connectionId()).isEqualTo("unclosed");
            assertThat(session.closeCode()).isEqualTo(1006);
            assertThat(session.closedBy()).isEqualTo("timeout");
            assertThat(session.endTime()).isEqualTo(open + 20 + TIMEOUT.toMillis());
            assertThat(session.messageCount()).isEqualTo(2);
        });
        assertThat(new String(assembler.dumps().get("unclosed")))
                .endsWith("[2]\n[\"close\",null,1006," + TIMEOUT.toMillis() + "]\n");
        assertThat(assembler.storedEntries()).isZero();
    }

    @Test
    void shouldIgnoreRecordsAtOrAfterCapturedEndWhenReplaying() {
        // Given
        ReplaySelection selection = replay(null, 3);
        long open = FROM.toEpochMilli();

        // When
        assembler.open("cut", ROOM_42, open);
        assembler.frame("cut", ROOM_42, 1, open + 10, "[1]");
        assembler.frame("cut", ROOM_42, 2, open + 20, "[2]");
        assembler.frame("cut", ROOM_42, 3, open + 30, "[3]");
        assembler.close("cut", ROOM_42, 1000, 3, open + 30, open + 40);
        assembler.open("after-end", ROOM_42, open + 50);
        selection.finish();
        assembler.driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then
        assertThat(assembler.sessions()).singleElement().satisfies(session -> {
            assertThat(session.connectionId()).isEqualTo("cut");
            assertThat(session.messageCount())
                    .as("the three records before the end")
                    .isEqualTo(2);
            assertThat(session.closedBy()).isEqualTo("timeout");
        });
    }

    private ReplaySelection replay(String conference, long endOffset) {
        ReplaySelection selection = new ReplaySelection(FROM, TO, conference, Map.of(0, endOffset));
        assembler = new AssemblerDriver(stateDir, 1024 * 1024, selection);
        return selection;
    }

    /** An open at {@code at}, two frames and a close {@code lastingMillis} later. */
    private void connection(String id, Tags tags, long at, long lastingMillis) {
        assembler.open(id, tags, at);
        assembler.frame(id, tags, 1, at + 1, "[\"a\"]");
        assembler.frame(id, tags, 2, at + lastingMillis - 1, "[\"b\"]");
        assembler.close(id, tags, 1000, 2, at + lastingMillis - 1, at + lastingMillis);
    }
}
