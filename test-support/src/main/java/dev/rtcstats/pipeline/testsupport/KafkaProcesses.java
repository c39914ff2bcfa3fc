package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Formatting, launching and awaiting KRaft nodes that run as child JVMs ({@code kafka.Kafka}). */
final class KafkaProcesses {
    // Generous: on a loaded two-core machine a broker JVM can take a minute to answer.
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private KafkaProcesses() {}

    /** Formats a node's log directories as {@code kafka-storage format} does. */
    static void format(Path log, Path properties, String clusterId) throws IOException {
        awaitFormatted(startFormat(log, properties, clusterId), log);
    }

    static Process startFormat(Path log, Path properties, String clusterId) {
        return launch(log, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString());
    }

    static void awaitFormatted(Process formatting, Path log) throws IOException {
        try {
            if (!formatting.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IOException(
                        "formatting the Kafka log directory failed: " + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            formatting.destroyForcibly();
            throw new IOException("interrupted while formatting the Kafka log directory", e);
        }
    }

    /** Starts {@code mainClass} from this JVM's class path in a small child JVM; it is killed if this JVM ends. */
    static Process launch(Path log, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                ClickHouseProcess.SIMPLE_LOGGING,
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kafka-process-reaper"));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** Returns once the broker at {@code bootstrap} answers a metadata request; fails if the process ends first. */
    static void awaitReady(Process process, String bootstrap, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker process exited; see " + log);
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Not listening yet: ask again.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        throw new IllegalStateException("Kafka broker did not answer within " + START_TIMEOUT + "; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
