package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rtcstats.pipeline.testsupport.InfraExtension;
import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfraExtension.class)
class SinkReadinessIT {
    private SinkFixture fixture;

    @BeforeEach
    void setUp(TestInfra infra) throws Exception {
        fixture = new SinkFixture(infra, SinkFixture.tempDir());
        fixture.env.put("SINK_READY_MAX_AGE", "5s");
        fixture.env.put("SINK_SHUTDOWN_GRACE", "3s");
        fixture.prepareSchema();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldTurnNotReadyWithin30SecondsOfAStallAndReadyAgainAfterIt() throws Exception {
        // Given: a ClickHouse that refuses inserts while the switch is on
        AtomicBoolean refusing = new AtomicBoolean();
        UnaryOperator<TableInserter> switchable = inserter -> (table, columns, data, offset, length) -> {
            if (refusing.get()) {
                throw new IOException("Connection refused");
            }
            inserter.insert(table, columns, data, offset, length);
        };
        try (SinkService sink = new SinkService(fixture.config(), UnaryOperator.identity(), switchable)) {
            sink.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(sink) == 200);

            // When
            refusing.set(true);
            fixture.produceSession(SinkFixture.session("stalled-1", "room", "alice", 1));

            // Then
            await().atMost(Duration.ofSeconds(30)).until(() -> status(sink) == 503);
            assertThat(sink.metrics()
                            .registry()
                            .get("rtcstats.sink.ready")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(sink.alive()).isTrue();
            refusing.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(sink) == 200);
            assertThat(fixture.count("SELECT count() FROM sessions FINAL WHERE connection_id = 'stalled-1'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldStopWithinTheShutdownGraceWhenClickHouseRefusesEverything() throws Exception {
        // Given
        SinkService sink = new SinkService(
                fixture.config(), UnaryOperator.identity(), inserter -> (table, columns, data, offset, length) -> {
                    throw new IOException("Connection refused");
                });
        sink.start();
        fixture.produceSession(SinkFixture.session("never-1", "room", "alice", 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        sink.metrics().registry().find("rtcstats.sink.retries").counter() != null);

        // When
        long started = System.nanoTime();
        sink.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // Then: the grace is 3 s; the bound leaves room for a loaded machine
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(sink.state()).isEqualTo(SinkService.State.STOPPED);
    }

    private static int status(SinkService sink) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.httpPort() + "/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
