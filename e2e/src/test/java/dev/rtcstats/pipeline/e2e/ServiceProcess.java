package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.common.HealthProbe;
import dev.rtcstats.pipeline.testsupport.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service instance ({@code gateway}, {@code enricher} or {@code sink}) running its {@code Main} in a child JVM
 * with nothing but the environment it is given, as a container would run it; a test can kill it with SIGKILL, stop
 * it with SIGTERM (its shutdown hook runs) and start it again with the same environment and HTTP port.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServiceProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration POLL = Duration.ofMillis(100);

    final String name;
    final int httpPort;
    private final String mainClass;
    private final Map<String, String> env;
    private final Path logDirectory;
    private Process process;
    private int generation;

    ServiceProcess(String name, String mainClass, Map<String, String> env, int httpPort, Path logDirectory) {
        this.name = name;
        this.mainClass = mainClass;
        this.env = Map.copyOf(env);
        this.httpPort = httpPort;
        this.logDirectory = logDirectory;
    }

    /** Starts the JVM; returns at once (see {@link #awaitReady}). */
    synchronized void launch() {
        if (process != null) {
            throw new IllegalStateException(name + " is running");
        }
        generation++;
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",
                        // The services' own logging, as in their jars and images (the test JVM uses slf4j-simple).
                        "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
                        "-cp",
                        System.getProperty("java.class.path"),
                        mainClass))
                .redirectErrorStream(true)
                .redirectOutput(
                        logDirectory.resolve(name + "-" + generation + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        Process child = process;
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, name + "-reaper"));
    }

    /** Waits until {@code /ready} answers 200; returns the wait, and fails if the process ends or time runs out. */
    Duration awaitReady(Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current = currentProcess();
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " is not running; see its log in " + logDirectory);
            }
            if (HealthProbe.isHealthy(httpPort, "/ready")) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            try {
                current.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + logDirectory);
    }

    /** Kills the JVM with SIGKILL: no shutdown hook, no commit, no leave-group. */
    void kill() {
        Process current = take();
        current.destroyForcibly();
        try {
            current.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOGGER.atInfo().addKeyValue("service", name).log("killed with SIGKILL");
    }

    /** Stops the JVM with SIGTERM, as an orchestrator does, and waits for its shutdown hook to finish. */
    void stop() {
        long started = System.nanoTime();
        ChildProcesses.stop(take(), STOP_TIMEOUT);
        LOGGER.atInfo()
                .addKeyValue("service", name)
                .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                .log("stopped with SIGTERM");
    }

    /** How many times this instance was launched: clients of a gateway are cut by a kill of their generation. */
    synchronized int generation() {
        return generation;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The Prometheus text of {@code /metrics}. */
    String scrapeMetrics() throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    private synchronized Process currentProcess() {
        return process;
    }

    private synchronized Process take() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        Process current = process;
        process = null;
        return current;
    }

    @Override
    public void close() {
        if (currentProcess() != null) {
            stop();
        }
    }
}
