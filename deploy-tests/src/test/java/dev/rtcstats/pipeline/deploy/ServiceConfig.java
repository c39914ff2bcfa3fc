package dev.rtcstats.pipeline.deploy;

import dev.rtcstats.pipeline.enricher.EnricherConfig;
import dev.rtcstats.pipeline.gateway.GatewayConfig;
import dev.rtcstats.pipeline.sink.SinkConfig;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A service's own configuration loader, run on the environment a deployment file gives it: the loader validates
 * every value, and a recording map notes each variable it reads, so that a variable no service reads (a typo, a
 * renamed setting) is caught.
 */
enum ServiceConfig {
    GATEWAY(GatewayConfig::fromEnv),
    ENRICHER(EnricherConfig::fromEnv),
    SINK(SinkConfig::fromEnv);

    private final Function<Map<String, String>, Record> loader;

    ServiceConfig(Function<Map<String, String>, Record> loader) {
        this.loader = loader;
    }

    /** The service's name in the deployment files. */
    String serviceName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<ServiceConfig> named(String name) {
        for (ServiceConfig service : values()) {
            if (service.serviceName().equals(name)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    /** Loads the configuration from {@code env}; throws the service's own error for a missing or invalid value. */
    Loaded load(Map<String, String> env) {
        RecordingEnv recording = new RecordingEnv(env);
        Record config = loader.apply(recording);
        return new Loaded(config, Set.copyOf(recording.read));
    }

    /** A loaded configuration and the variables the loader read. */
    record Loaded(Record config, Set<String> variablesRead) {
        /** The HTTP port the service listens on: its record's int component named {@code port} or {@code *Port}. */
        int httpPort() {
            return findPort(config).orElseThrow(() -> new AssertionError("no port in " + config.getClass()));
        }

        private static Optional<Integer> findPort(Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object value = value(component, record);
                if (component.getType() == int.class
                        && (component.getName().equals("port")
                                || component.getName().endsWith("Port"))) {
                    return Optional.of((Integer) value);
                }
                if (value instanceof Record nested) {
                    Optional<Integer> port = findPort(nested);
                    if (port.isPresent()) {
                        return port;
                    }
                }
            }
            return Optional.empty();
        }

        private static Object value(RecordComponent component, Record record) {
            try {
                // Config parts are package-private records of their service.
                component.getAccessor().setAccessible(true);
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }

    private static final class RecordingEnv extends HashMap<String, String> {
        private final Set<String> read = new TreeSet<>();

        RecordingEnv(Map<String, String> env) {
            super(env);
        }

        @Override
        public String get(Object key) {
            read.add((String) key);
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String fallback) {
            read.add((String) key);
            return super.getOrDefault(key, fallback);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add((String) key);
            return super.containsKey(key);
        }
    }
}
