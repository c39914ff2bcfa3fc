package dev.rtcstats.pipeline.enricher;

import static dev.rtcstats.pipeline.enricher.AssemblerDriver.START;
import static dev.rtcstats.pipeline.enricher.AssemblerDriver.TIMEOUT;
import static dev.rtcstats.pipeline.enricher.AssemblerDriver.metadata;
import static dev.rtcstats.pipeline.enricher.AssemblerDriver.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import dev.rtcstats.pipeline.enricher.deadletters.EnricherDeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionAssemblerTest {
    private static final String ID = "2f1c9a3e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    private static final Tags TAGS = tags("session-1");

    @TempDir
    Path stateDir;

    private AssemblerDriver assembler;
    private long t0;

    @BeforeEach
    void startDriver() {
        assembler = new AssemblerDriver(stateDir, 1024 * 1024);
        t0 = START.toEpochMilli();
    }

    @AfterEach
    void closeDriver() {
        assembler.close();
    }

    @Test
    void shouldWriteByteExactDumpWhenConnectionCloses() {
        // Given
        assembler.open(ID, TAGS, t0);
        assembler.frame(ID, TAGS, 1, t0 + 10, "[\"getUserMedia\",null,{\"audio\":true},1758602115670]");
        assembler.frame(ID, TAGS, 2, t0 + 20, "[\"create\",\"PC_0\",{\"iceServers\":[]},12]");
        assembler.frame(ID, TAGS, 3, t0 + 1030, "[\"getstats\",\"PC_0\",{\"é\":\"ü\"},1000]");

        // When
        assembler.close(ID, TAGS, 1001, 3, t0 + 1030, t0 + 3383);

        // Then
        String expected = "RTCStatsDump\n" + metadata(t0) + "\n"
                + "[\"getUserMedia\",null,{\"audio\":true},1758602115670]\n"
                + "[\"create\",\"PC_0\",{\"iceServers\":[]},12]\n"
                + "[\"getstats\",\"PC_0\",{\"é\":\"ü\"},1000]\n"
                + "[\"close\",null,1001,2353]\n";
        Map<String, byte[]> dumps = assembler.dumps();
        assertThat(dumps).containsOnlyKeys(ID);
        assertThat(dumps.get(ID)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(assembler.sessions())
                .containsExactly(new SessionRecord(
                        SessionRecord.FORMAT,
                        ID,
                        "alice",
                        "room-1",
                        "session-1",
                        null,
                        "gw-1",
                        t0,
                        t0 + 3383,
                        3,
                        1001,
                        "client",
                        "Mozilla/5.0 (X11)",
                        "https://app.example.com",
                        "rtcstats#5.0",
                        expected.getBytes(StandardCharsets.UTF_8).length,
                        ID + ".gz",
                        7,
                        FeaturesStatus.OK,
                        null));
        List<FeatureRecord> features = assembler.features();
        assertThat(features).singleElement().satisfies(feature -> {
            assertThat(feature.connectionId()).isEqualTo(ID);
            assertThat(feature.client()).containsEntry("lines", 4);
        });
        assertThat(assembler.storedEntries()).isZero();
        assertThat(assembler.counters.closedByClient().count()).isEqualTo(1);
    }

    @Test
    void shouldCloseWithCode1006WhenConnectionIsIdleLongerThanTimeout() {
        // Given
        assembler.open(ID, TAGS, t0);
        assembler.frame(ID, TAGS, 1, t0 + 5, "[\"a\"]");
        assembler.driver.advanceWallClockTime(TIMEOUT.minusSeconds(5));
        assertThat(assembler.sessions()).isEmpty();

        // When
        assembler.driver.advanceWallClockTime(Duration.ofSeconds(10));

        // Then
        String expected =
                "RTCStatsDump\n" + metadata(t0) + "\n[\"a\"]\n[\"close\",null,1006," + TIMEOUT.toMillis() + "]\n";
        assertThat(assembler.dumps().get(ID)).asString(StandardCharsets.UTF_8).isEqualTo(expected);
        assertThat(assembler.sessions()).singleElement().satisfies(session -> {
            assertThat(session.closeCode()).isEqualTo(1006);
            assertThat(session.closedBy()).isEqualTo("timeout");
            assertThat(session.endTime()).isEqualTo(t0 + 5 + TIMEOUT.toMillis());
        });
        assertThat(assembler.storedEntries()).isZero();
        assertThat(assembler.counters.closedByTimeout().count()).isEqualTo(1);
    }

    @Test
    void shouldNotTimeOutASilentConnectionWhileTheInstanceHasNotReadItsInputToTheEnd() {
        // Given: the broker is away, or the instance lags: its frames may still be in the topic
        assembler.inputCaughtUp.set(false);
        assembler.open(ID, TAGS, t0);
        assembler.frame(ID, TAGS, 1, t0 + 5, "[\"a\"]");

        // When: nothing arrives for twice the timeout
        assembler.driver.advanceWallClockTime(TIMEOUT.multipliedBy(2));

        // Then
        assertThat(assembler.sessions()).isEmpty();

        // When: the instance has read everything, and the silence goes on
        assembler.inputCaughtUp.set(true);
        assembler.driver.advanceWallClockTime(TIMEOUT.plusSeconds(2));

        // Then
        assertThat(assembler.sessions()).singleElement().satisfies(session -> {
            assertThat(session.closeCode()).isEqualTo(1006);
            assertThat(session.closedBy()).isEqualTo("timeout");
        });
    }

    @Test
    void shouldKeepConnectionOpenWhenFramesKeepArrivingPastTheTimeout() {
        // Given
        assembler.open(ID, TAGS, t0);

        // When
        for (int second = 1; second <= 3 * TIMEOUT.toSeconds(); second++) {
            assembler.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assembler.frame(ID, TAGS, second, t0 + second * 1000L, "[\"tick\"," + second + "]");
        }

        // Then
        assertThat(assembler.sessions()).isEmpty();
        assembler.driver.advanceWallClockTime(TIMEOUT.plusSeconds(2));
        assertThat(assembler.sessions())
                .singleElement()
                .extracting(SessionRecord::messageCount)
                .isEqualTo(3 * TIMEOUT.toSeconds());
        assertThat(assembler.storedEntries()).isZero();
    }

    @Test
    void shouldWaitForStreamTimeWhenTaskIsBehindInTheTopic() {
        // Given
        String busy = "8d0e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a";
        assembler.open(ID, TAGS, t0);
        assembler.frame(ID, TAGS, 1, t0 + 1, "[1]");
        assembler.open(busy, TAGS, t0);
        // A backlog: records keep coming, but their server time is still that of the idle connection's last frame.
        for (int step = 1; step <= 4; step++) {
            assembler.driver.advanceWallClockTime(TIMEOUT.dividedBy(2));
            assembler.frame(busy, TAGS, step, t0 + step, "[" + step + "]");
        }
        assertThat(assembler.sessions()).isEmpty();

        // When
        assembler.frame(busy, TAGS, 5, t0 + TIMEOUT.toMillis() + 2, "[5]");
        assembler.driver.advanceWallClockTime(TIMEOUT.plusSeconds(1));

        // Then
        assertThat(assembler.sessions()).extracting(SessionRecord::connectionId).contains(ID);
    }

    @Test
    void shouldWriteOneDumpPerConnectionWhenClientReconnectsInTheSameSession() {
        // Given
        String second = "8d0e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a";
        assembler.open(ID, TAGS, t0);
        assembler.frame(ID, TAGS, 1, t0 + 1, "[\"first\"]");
        assembler.close(ID, TAGS, 1006, 1, t0 + 1, t0 + 2);

        // When
        assembler.open(second, TAGS, t0 + 100);
        assembler.frame(second, TAGS, 1, t0 + 101, "[\"second\"]");
        assembler.close(second, TAGS, 1000, 1, t0 + 101, t0 + 105);

        // Then
        Map<String, byte[]> dumps = assembler.dumps();
        assertThat(dumps).containsOnlyKeys(ID, second);
        assertThat(dumps.get(second))
                .asString(StandardCharsets.UTF_8)
                .contains("[\"second\"]\n")
                .doesNotContain("first");
        assertThat(assembler.sessions())
                .extracting(SessionRecord::connectionId, SessionRecord::session, SessionRecord::blobKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ID, "session-1", ID + ".gz"),
                        org.assertj.core.groups.Tuple.tuple(second, "session-1", second + ".gz"));
    }

    @Test
    void shouldDropDuplicatesAndKeepGapsWhenFramesAreReplayedOrMissing() {
        // Given
        assembler.open(ID, TAGS, t0);
        assembler.open(ID, TAGS, t0);

        // When
        for (long sequence : new long[] {1, 2, 2, 1, 3, 5, 4, 6}) {
            assembler.frame(ID, TAGS, sequence, t0 + sequence, "[" + sequence + "]");
        }
        assembler.close(ID, TAGS, 1000, 6, t0 + 6, t0 + 10);

        // Then
        assertThat(assembler.dumps().get(ID))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("RTCStatsDump\n" + metadata(t0) + "\n[1]\n[2]\n[3]\n[5]\n[6]\n[\"close\",null,1000,4]\n");
        assertThat(assembler.counters.duplicates().count()).isEqualTo(4);
        List<AssemblerDriver.Letter> letters = assembler.deadLetters();
        assertThat(letters)
                .extracting(AssemblerDriver.Letter::reason)
                .containsExactly(
                        "duplicate-sequence", "duplicate-sequence", "duplicate-sequence", "duplicate-sequence");
        assertThat(letters)
                .as("frame records carry no tags; their dead letters take the connection's")
                .extracting(AssemblerDriver.Letter::tags)
                .containsOnly(TAGS);
        assertThat(assembler.counters.gaps().count()).isEqualTo(1);
        assertThat(assembler.counters.missingAtClose().count()).isEqualTo(1);
        assertThat(assembler.sessions())
                .singleElement()
                .extracting(SessionRecord::messageCount)
                .isEqualTo(5L);
    }

    @Test
    void shouldReassembleByteExactWhenDumpSpansManyChunks() {
        // Given
        assembler.open(ID, TAGS, t0);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(("RTCStatsDump\n" + metadata(t0) + "\n").getBytes(StandardCharsets.UTF_8));
        int frameCount = 800;
        for (int sequence = 1; sequence <= frameCount; sequence++) {
            // Frame 400 is larger than a chunk, so it must be split across chunks.
            int size = sequence == 400 ? DumpChunkCodec.MAX_CHUNK_BYTES + 12345 : 64 * 1024 + sequence;
            char[] body = new char[size - 4];
            Arrays.fill(body, (char) ('a' + sequence % 26));
            String frame = "[\"" + new String(body) + "\"]";
            assembler.frame(ID, TAGS, sequence, t0 + sequence, frame);
            expected.writeBytes((frame + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // Obfuscation (on by default) stores every line newline-terminated, as the reference does.
        expected.writeBytes("[\"close\",null,1001,100]\n".getBytes(StandardCharsets.UTF_8));

        // When
        assembler.close(ID, TAGS, 1001, frameCount, t0 + frameCount, t0 + frameCount + 100);

        // Then
        byte[] dump = assembler.dumps().get(ID);
        assertThat(dump.length).isGreaterThan(50 * 1024 * 1024);
        assertThat(Arrays.equals(dump, expected.toByteArray()))
                .as("dump is byte-exact")
                .isTrue();
        assertThat(assembler.counters.dumpChunks().count()).isGreaterThan(100);
        assertThat(assembler.features())
                .as("over ENRICHER_FEATURES_MAX_DUMP_BYTES")
                .isEmpty();
        assertThat(assembler.counters.featuresSkipped().count()).isEqualTo(1);
        assertThat(assembler.sessions())
                .singleElement()
                .extracting(SessionRecord::dumpBytes)
                .isEqualTo((long) dump.length);
        assertThat(assembler.storedEntries()).isZero();
    }

    @Test
    void shouldSendToDeadLettersVerbatimWhenConnectionIsNotOpen() {
        // Given
        assembler.open(ID, TAGS, t0);
        assembler.close(ID, TAGS, 1000, 0, t0, t0 + 1);
        ConnectionEvent.FrameReceived afterClose =
                new ConnectionEvent.FrameReceived(ID, TAGS, t0 + 2, 1, "[\"late\"]".getBytes(StandardCharsets.UTF_8));

        // When
        assembler.send(afterClose);
        assembler.frame("0a1b2c3d-never-opened", TAGS, 4, t0 + 3, "[\"orphan\"]");

        // Then
        List<TestRecord<byte[], byte[]>> letters = assembler.deadLetters.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.getFirst().value()).isEqualTo(afterClose.payload());
        assertThat(ConnectionEventCodec.decode(
                        letters.getFirst().key(),
                        letters.getFirst().headers(),
                        letters.getFirst().value()))
                .as("verbatim: a frame record carries no tags, and a connection not open has none to add")
                .isEqualTo(new ConnectionEvent.FrameReceived(
                        ID, Tags.NONE, afterClose.timestamp(), afterClose.sequence(), afterClose.payload()));
        assertThat(letters)
                .extracting(letter -> DeadLetter.fromHeaders(letter.headers()))
                .allSatisfy(letter -> {
                    assertThat(letter.reason()).isEqualTo("connection-not-open");
                    assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.ENRICHER);
                    assertThat(letter.sourceTopic()).isEqualTo(Topics.FRAMES);
                });
        assertThat(DeadLetter.fromHeaders(letters.get(1).headers()).connectionId())
                .isEqualTo("0a1b2c3d-never-opened");
        assertThat(assembler.metrics.deadLetters().counted(EnricherDeadLetterReason.CONNECTION_NOT_OPEN))
                .isEqualTo(2);
        assertThat(assembler.storedEntries()).isZero();
    }

    @Test
    void shouldWriteRowWithoutDumpWhenConnectionSentNoFrames() {
        // Given
        assembler.open(ID, TAGS, t0);

        // When
        assembler.close(ID, TAGS, 1008, 0, t0, t0 + 50);

        // Then
        assertThat(assembler.dumps()).isEmpty();
        assertThat(assembler.features()).isEmpty();
        assertThat(assembler.sessions()).singleElement().satisfies(session -> {
            assertThat(session.messageCount()).isZero();
            assertThat(session.blobKey()).isNull();
            assertThat(session.closeCode()).isEqualTo(1008);
        });
    }

    @Test
    void shouldSkipRecordAndContinueWhenHeadersAreMalformed() {
        // Given
        assembler.frames.pipeInput(new TestRecord<>(
                ID.getBytes(StandardCharsets.UTF_8),
                new byte[] {1},
                new RecordHeaders().add("rtcstats-format", "99".getBytes(StandardCharsets.UTF_8)),
                START));

        // When
        assembler.open(ID, TAGS, t0);
        assembler.frame(ID, TAGS, 1, t0 + 1, "[1]");
        assembler.close(ID, TAGS, 1000, 1, t0 + 1, t0 + 2);

        // Then
        assertThat(assembler.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("bad-record-format");
            assertThat(letter.letter().exceptionMessage()).contains("format 99");
            assertThat(letter.value()).containsExactly(1);
        });
        assertThat(assembler.dumps()).containsOnlyKeys(ID);
    }
}
