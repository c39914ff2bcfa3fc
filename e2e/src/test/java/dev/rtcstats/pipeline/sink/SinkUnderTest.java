package dev.rtcstats.pipeline.sink;

import io.micrometer.core.instrument.Counter;
import java.util.Map;

/** Opens the package-private {@link SinkService} to the end-to-end tests, started from an environment map. */
public final class SinkUnderTest implements AutoCloseable {
    private final SinkService service;

    private SinkUnderTest(SinkService service) {
        this.service = service;
    }

    /** Prepares bucket and schema and starts both loops, as {@code Main} does. */
    public static SinkUnderTest start(Map<String, String> env) throws Exception {
        SinkService service = new SinkService(SinkConfig.fromEnv(env));
        service.start();
        return new SinkUnderTest(service);
    }

    /** The sum of the sink's counters of this name with these tags (key, value, ...). */
    public double count(String name, String... tags) {
        return service.metrics().registry().find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** What {@code /ready} answers: no record has waited too long to be committed. */
    public boolean ready() {
        return service.ready();
    }

    /** Lets both loops write what they hold and commit, then stops them. */
    @Override
    public void close() {
        service.close();
    }
}
