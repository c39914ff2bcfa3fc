package dev.rtcstats.pipeline.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A child JVM running {@link ClickHouseServerMain}; it ends when this JVM ends. */
final class ClickHouseProcess implements AutoCloseable {
    /** Test classpaths hold both slf4j-simple (tests) and logback (the services); child JVMs log like tests. */
    static final String SIMPLE_LOGGING = "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider";

    private final Process process;
    private final int port;
    private final Path data;

    private ClickHouseProcess(Process process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    static ClickHouseProcess start(Path library) throws IOException {
        Path data = Files.createTempDirectory("chdb-test-");
        Path log = data.resolveSibling(data.getFileName() + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
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
                        "0",
                        "--exit-with-stdin"))
                .redirectError(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "chdb-process-reaper"));
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IOException("ClickHouse engine process did not start; see " + log);
        }
        return new ClickHouseProcess(
                process, Integer.parseInt(line.substring("LISTENING ".length()).strip()), data);
    }

    String jdbcUrl() {
        return "jdbc:clickhouse://127.0.0.1:" + port + "/default?compress=false";
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
        ChildProcesses.deleteTree(data);
    }
}
