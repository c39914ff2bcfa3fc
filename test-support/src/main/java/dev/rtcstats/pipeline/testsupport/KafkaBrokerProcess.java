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
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in a child JVM ({@code kafka.Kafka}) that a test can stop and start again on the same
 * ports and log directory, as an operator restarting a broker would. Only fault tests need it; everything else
 * uses the shared broker of {@link TestInfra}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final Path properties;
    private final int port;
    private Process process;
    private int starts;

    private KafkaBrokerProcess(Path directory, Path properties, int port) {
        this.directory = directory;
        this.properties = properties;
        this.port = port;
    }

    /** Formats a fresh log directory on two free ports and starts the broker; returns once it answers. */
    public static KafkaBrokerProcess start() {
        try {
            Path directory = Files.createTempDirectory("kafka-broker-");
            int port = freePort();
            int controllerPort = freePort();
            Path properties = directory.resolve("server.properties");
            Files.writeString(properties, serverProperties(directory.resolve("data"), port, controllerPort));
            KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, properties, port);
            broker.format();
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka broker process", e);
        }
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates the topic unless it exists. */
    public void createTopic(String name, int partitions) {
        KafkaTopics.create(bootstrapServers(), name, partitions);
    }

    /** Stops the broker with SIGTERM (a controlled shutdown), killing it if it does not end in time. */
    public void stop() {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process, STOP_TIMEOUT);
        process = null;
        LOGGER.atInfo().addKeyValue("port", port).log("kafka broker process stopped");
    }

    /** Starts the broker on the same ports and log directory; returns once it answers. */
    public void startAgain() {
        if (process != null) {
            throw new IllegalStateException("the broker is running");
        }
        long started = System.nanoTime();
        starts++;
        Path log = directory.resolve("broker-" + starts + ".log");
        process = launch(log, "kafka.Kafka", properties.toString());
        Process child = process;
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, "kafka-process-reaper"));
        awaitReady(log);
        LOGGER.atInfo()
                .addKeyValue("bootstrap", bootstrapServers())
                .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                .log("kafka broker process ready");
    }

    private void format() throws IOException {
        Path log = directory.resolve("format.log");
        Process formatting = launch(
                log,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                properties.toString());
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

    private static Process launch(Path log, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(arguments));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public void close() {
        stop();
        ChildProcesses.deleteTree(directory);
    }
}
