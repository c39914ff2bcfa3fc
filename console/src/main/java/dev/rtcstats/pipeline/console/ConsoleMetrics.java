package dev.rtcstats.pipeline.console;

import dev.rtcstats.pipeline.console.auth.Access;
import dev.rtcstats.pipeline.console.query.ClickHouseReader;
import dev.rtcstats.pipeline.console.query.QueryName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The console's meters, all named {@code rtcstats.console.*}; tag values come from enums and route names only. */
public final class ConsoleMetrics implements ClickHouseReader.QueryTimer {
    private final MeterRegistry registry;
    private final Counter dumpBytes;

    public ConsoleMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dumpBytes = Counter.builder("rtcstats.console.dump.bytes")
                .baseUnit("bytes")
                .description("dump bytes proxied from S3 to analysts")
                .register(registry);
    }

    /** Registers {@code rtcstats.console.ready}: 1 while {@code ready} holds. */
    public void readiness(BooleanSupplier ready) {
        Gauge.builder("rtcstats.console.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 while ClickHouse answers")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One HTTP request of {@code route} (a fixed name per route) answered with {@code status}. */
    public void request(String route, int status, Duration elapsed) {
        Timer.builder("rtcstats.console.requests")
                .description("HTTP requests by route and status class")
                .tag("route", route)
                .tag("status", (status / 100) + "xx")
                .register(registry)
                .record(elapsed);
    }

    @Override
    public void record(QueryName name, boolean succeeded, Duration elapsed) {
        Timer.builder("rtcstats.console.queries")
                .description("ClickHouse queries by name and outcome")
                .tag("query", name.tag())
                .tag("outcome", succeeded ? "ok" : "error")
                .register(registry)
                .record(elapsed);
    }

    public void denied(Access.Reason reason) {
        Counter.builder("rtcstats.console.auth.denied")
                .description("requests refused for their analyst token")
                .tag("reason", reason.tag())
                .register(registry)
                .increment();
    }

    public void dumpBytes(long bytes) {
        dumpBytes.increment(bytes);
    }
}
