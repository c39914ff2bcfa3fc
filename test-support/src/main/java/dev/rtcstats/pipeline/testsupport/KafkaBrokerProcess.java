package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            int port = KafkaProcesses.freePort();
            int controllerPort = KafkaProcesses.freePort();
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
        process = KafkaProcesses.launch(log, "kafka.Kafka", properties.toString());
        KafkaProcesses.awaitReady(process, bootstrapServers(), log);
        LOGGER.atInfo()
                .addKeyValue("bootstrap", bootstrapServers())
                .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                .log("kafka broker process ready");
    }

    private void format() throws IOException {
        KafkaProcesses.format(
                directory.resolve("format.log"), properties, Uuid.randomUuid().toString());
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public void close() {
        stop();
        ChildProcesses.deleteTree(directory);
    }
}
