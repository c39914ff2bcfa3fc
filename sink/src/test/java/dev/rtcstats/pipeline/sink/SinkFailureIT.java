package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class SinkFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CONNECTIONS = 20;
    private SinkFixture fixture;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.prepareSchema();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldWaitAndResumeWhenS3AndClickHouseFailForAWhile() throws Exception {
        // Given: both stores refuse the first three writes
        AtomicInteger blobFailures = new AtomicInteger(3);
        AtomicInteger rowFailures = new AtomicInteger(3);
        UnaryOperator<BlobStore> flakyS3 = store -> dump -> {
            if (blobFailures.getAndDecrement() > 0) {
                throw new IOException("S3 is down");
            }
            store.put(dump);
        };
        UnaryOperator<TableInserter> flakyClickHouse = inserter -> (table, columns, data, offset, length) -> {
            if (rowFailures.getAndDecrement() > 0) {
                throw new SQLException("ClickHouse is down");
            }
            inserter.insert(table, columns, data, offset, length);
        };
        try (SinkService sink = new SinkService(fixture.config(), flakyS3, flakyClickHouse)) {
            sink.start();

            // When
            produceConnections();

            // Then
            awaitEverythingOnce();
            assertThat(sink.metrics()
                            .registry()
                            .get("rtcstats.sink.retries")
                            .tag("target", "blobs")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(3);
            assertThat(sink.metrics()
                            .registry()
                            .get("rtcstats.sink.retries")
                            .tag("target", "sessions")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void shouldWriteEverythingExactlyOnceLogicallyWhenTheSinkCrashesBetweenWriteAndCommit() throws Exception {
        // Given: a sink that dies right after its first blob and its first row batch were acknowledged
        AtomicReference<SinkService> crashing = new AtomicReference<>();
        UnaryOperator<BlobStore> crashAfterPut = store -> dump -> {
            store.put(dump);
            crashing.get().haltBlobs();
        };
        UnaryOperator<TableInserter> crashAfterInsert = inserter -> (table, columns, data, offset, length) -> {
            inserter.insert(table, columns, data, offset, length);
            crashing.get().haltRows();
        };
        SinkService first = new SinkService(fixture.config(), crashAfterPut, crashAfterInsert);
        crashing.set(first);
        first.start();
        produceConnections();
        await().atMost(WAIT).until(first::stopped);
        first.close();
        long physicalRowsBeforeRestart = fixture.count("SELECT count() FROM sessions");

        // When: a new sink with the same group id takes over
        try (SinkService second = new SinkService(fixture.config())) {
            second.start();

            // Then
            awaitEverythingOnce();
            assertThat(physicalRowsBeforeRestart).isPositive();
            // The rows the first sink wrote are written again, not lost and not visible twice. Counted from the
            // writer (background merges may already have collapsed the copies), and awaited: the second sink may
            // write the missing rows before it gets to the copies.
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(physicalRowsBeforeRestart
                                    + (long) second.metrics()
                                            .registry()
                                            .get("rtcstats.sink.sessions.written")
                                            .counter()
                                            .count())
                            .isGreaterThan(CONNECTIONS));
            assertThat(fixture.count("SELECT count() FROM sessions FINAL")).isEqualTo(CONNECTIONS);
        }
    }

    private void produceConnections() {
        for (int i = 0; i < CONNECTIONS; i++) {
            String id = "f-" + i;
            fixture.produceDump(id, SinkFixture.sampleDump(id, 30), 400);
            fixture.produceSession(SinkFixture.session(id, "failure-room", "user-" + i, 1));
        }
    }

    private void awaitEverythingOnce() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(fixture.count("SELECT count() FROM sessions FINAL")).isEqualTo(CONNECTIONS);
            assertThat(fixture.count("SELECT uniqExact(connection_id) FROM sessions"))
                    .isEqualTo(CONNECTIONS);
            assertThat(fixture.keys()).hasSize(CONNECTIONS);
        });
        for (int i = 0; i < CONNECTIONS; i++) {
            String id = "f-" + i;
            assertThat(fixture.keys()).contains(id + ".gz");
        }
        assertThat(fixture.keys())
                .allSatisfy(
                        key -> assertThat(blobOf(key)).isEqualTo(SinkFixture.sampleDump(key.replace(".gz", ""), 30)));
    }

    private byte[] blobOf(String key) {
        try {
            return fixture.blob(key);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + key, e);
        }
    }
}
