package dev.rtcstats.pipeline.console;

import dev.rtcstats.pipeline.console.auth.AnalystTokenVerifier;
import dev.rtcstats.pipeline.console.dump.DumpStore;
import dev.rtcstats.pipeline.console.dump.S3DumpStore;
import dev.rtcstats.pipeline.console.query.ClickHouseReader;
import dev.rtcstats.pipeline.console.query.ConferenceQueries;
import dev.rtcstats.pipeline.console.query.TimeSeriesQueries;
import dev.rtcstats.pipeline.console.web.ConsoleRoutes;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running console: Undertow serving the page and the API over ClickHouse and the dump bucket. */
public final class Console implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Console.class);

    /** The console's lifecycle: built, serving, stopped for good. */
    public enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    private final ConsoleConfig config;
    private final Undertow server;
    private State state = State.NEW;

    public Console(ConsoleConfig config, Clock clock) {
        this.config = config;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        ConsoleMetrics metrics = new ConsoleMetrics(registry);
        ClickHouseReader reader = new ClickHouseReader(config.clickhouse(), metrics);
        Readiness readiness = new Readiness(reader::reachable, Duration.ofSeconds(1), clock);
        metrics.readiness(readiness);
        ConferenceQueries conferences = new ConferenceQueries(reader);
        DumpStore dumps = switch (config.dumps()) {
            case ConsoleConfig.S3Dumps s3 -> new S3DumpStore(s3);
            case ConsoleConfig.NoDumps none -> new DumpStore.Disabled();
        };
        ConsoleRoutes.Backends backends = new ConsoleRoutes.Backends(
                conferences,
                new TimeSeriesQueries(reader),
                dumps,
                new AnalystTokenVerifier(config.auth(), clock),
                metrics,
                readiness,
                registry::scrape);
        this.server = Undertow.builder()
                .addHttpListener(config.http().port(), config.http().bindAddress())
                .setHandler(ConsoleRoutes.handler(config, backends, clock))
                .build();
    }

    public synchronized Console start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the console is " + state + "; start it once");
        }
        server.start();
        state = State.RUNNING;
        LOGGER.atInfo()
                .addKeyValue("port", port())
                .addKeyValue("clickhouse", config.clickhouse().url())
                .addKeyValue("dumps", config.dumps())
                .log("console started");
        return this;
    }

    public synchronized State state() {
        return state;
    }

    /** The bound port, useful when {@code CONSOLE_PORT=0}. */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (state == State.RUNNING) {
            server.stop();
            LOGGER.atInfo().log("console stopped");
        }
        state = State.STOPPED;
    }
}
