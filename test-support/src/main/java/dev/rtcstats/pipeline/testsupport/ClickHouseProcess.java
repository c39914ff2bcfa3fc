package dev.rtcstats.pipeline.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM running {@link ClickHouseServerMain}; it ends when this JVM ends. The engine has been seen to crash
 * under heavy load (a segfault in a background pool of libchdb), so a watcher starts it again on the same port and
 * data directory, at most {@link #MAX_RESTARTS} times: the tables survive, and clients see one failed request.
 */
final class ClickHouseProcess implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClickHouseProcess.class);

    /** Test classpaths hold both slf4j-simple (tests) and logback (the services); child JVMs log like tests. */
    static final String SIMPLE_LOGGING = "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider";

    static final int MAX_RESTARTS = 5;
    static final int START_ATTEMPTS = 3;
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path library;
    private final Path data;
    private final Path log;
    private final int port;
    private volatile Process process;
    private volatile boolean closing;
    private volatile int restarts;

    private ClickHouseProcess(Path library, Path data, Path log, Process process, int port) {
        this.library = library;
        this.data = data;
        this.log = log;
        this.process = process;
        this.port = port;
        watch(process);
    }

    /**
     * Starts the engine in a fresh data directory. A start that has not answered within {@link #START_TIMEOUT} is
     * killed and tried again, at most {@link #START_ATTEMPTS} times: the engine's start has been seen to hang in
     * {@code chdb_connect} (all threads waiting, nothing logged) while it usually answers within seconds.
     */
    static ClickHouseProcess start(Path library) throws IOException {
        IOException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path data = Files.createTempDirectory("chdb-test-");
            Path log = data.resolveSibling(data.getFileName() + ".log");
            Process process = launch(library, data, log, 0);
            try {
                int port = listeningPort(process, log);
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "chdb-process-reaper"));
                return new ClickHouseProcess(library, data, log, process, port);
            } catch (IOException e) {
                LOGGER.atWarn()
                        .addKeyValue("attempt", attempt)
                        .addKeyValue("error", e.getMessage())
                        .log("ClickHouse engine process did not start; trying again");
                ChildProcesses.deleteTree(data);
                failure = e;
            }
        }
        throw failure;
    }

    private static Process launch(Path library, Path data, Path log, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx768m",
                        // stdout carries the LISTENING line: keep the services' logback (it logs to stdout) away.
                        SIMPLE_LOGGING,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ClickHouseServerMain.class.getName(),
                        library.toString(),
                        data.toString(),
                        Integer.toString(port),
                        "--exit-with-stdin"))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** The port the engine's first line announces, within {@link #START_TIMEOUT}; the process is killed otherwise. */
    private static int listeningPort(Process process, Path log) throws IOException {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = null;
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IOException("ClickHouse engine process did not answer within " + START_TIMEOUT + "; see " + log);
        }
        return Integer.parseInt(line.substring("LISTENING ".length()).strip());
    }

    private void watch(Process watched) {
        watched.onExit().thenRun(() -> restartAfter(watched));
    }

    /** On the process's exit thread; never holds a lock while the engine starts, so close() is never blocked. */
    private void restartAfter(Process crashed) {
        if (closing || crashed != process || restarts >= MAX_RESTARTS) {
            return;
        }
        restarts++;
        LOGGER.atWarn()
                .addKeyValue("exitCode", crashed.exitValue())
                .addKeyValue("port", port)
                .addKeyValue("restart", restarts)
                .addKeyValue("log", log)
                .log("ClickHouse engine process exited; starting it again");
        try {
            Process next = launch(library, data, log, port);
            Runtime.getRuntime().addShutdownHook(new Thread(next::destroyForcibly, "chdb-process-reaper"));
            process = next;
            if (closing) {
                next.destroyForcibly();
                return;
            }
            listeningPort(next, log);
            watch(next);
        } catch (IOException e) {
            LOGGER.atError().addKeyValue("log", log).setCause(e).log("ClickHouse engine process did not start again");
        }
    }

    String jdbcUrl() {
        return "jdbc:clickhouse://127.0.0.1:" + port + "/default?compress=false";
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        closing = true;
        ChildProcesses.stop(process, Duration.ofSeconds(5));
        ChildProcesses.deleteTree(data);
    }
}
