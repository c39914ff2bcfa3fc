package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated KRaft cluster of combined broker-controller nodes, each in its own child JVM, so that a test can
 * kill one with SIGKILL and start it again on the same ports and log directories. Internal topics are replicated
 * to every node with {@code min.insync.replicas} of a majority, as in production.
 */
public final class KafkaClusterProcesses implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterProcesses.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final List<Node> nodes;

    private KafkaClusterProcesses(Path directory, List<Node> nodes) {
        this.directory = directory;
        this.nodes = nodes;
    }

    /** Formats and starts {@code size} nodes; returns once every one answers. */
    public static KafkaClusterProcesses start(int size) {
        try {
            Path directory = Files.createTempDirectory("kafka-cluster-");
            List<int[]> ports = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ports.add(new int[] {KafkaProcesses.freePort(), KafkaProcesses.freePort()});
            }
            String voters = IntStream.range(0, size)
                    .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
                    .collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            List<Node> nodes = new ArrayList<>();
            List<Process> formatting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Path home = directory.resolve("node-" + (i + 1));
                Files.createDirectories(home);
                Path properties = home.resolve("server.properties");
                Files.writeString(properties, serverProperties(i + 1, size, home, ports.get(i), voters));
                formatting.add(KafkaProcesses.startFormat(home.resolve("format.log"), properties, clusterId));
                nodes.add(new Node(i + 1, home, properties, ports.get(i)[0]));
            }
            for (int i = 0; i < size; i++) {
                KafkaProcesses.awaitFormatted(
                        formatting.get(i), nodes.get(i).home.resolve("format.log"));
            }
            KafkaClusterProcesses cluster = new KafkaClusterProcesses(directory, nodes);
            try {
                nodes.forEach(Node::launch);
                nodes.forEach(Node::awaitReady);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka cluster", e);
        }
    }

    private static String serverProperties(int id, int size, Path home, int[] ports, String voters) {
        String majority = Integer.toString(size / 2 + 1);
        String all = Integer.toString(size);
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1],
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[0],
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + home.resolve("data"),
                "auto.create.topics.enable=false",
                "default.replication.factor=" + all,
                "min.insync.replicas=" + majority,
                "offsets.topic.replication.factor=" + all,
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=" + all,
                "transaction.state.log.min.isr=" + majority,
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=" + all,
                "share.coordinator.state.topic.min.isr=" + majority,
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    /** Every node's listener, as clients are configured in production. */
    public String bootstrapServers() {
        return nodes.stream().map(Node::address).collect(Collectors.joining(","));
    }

    public int size() {
        return nodes.size();
    }

    /** Creates the topics with a replica on every node and {@code min.insync.replicas} of a majority. */
    public void createTopics(List<String> names, int partitions) {
        short replication = (short) nodes.size();
        Map<String, String> configs =
                Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(nodes.size() / 2 + 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(names.stream()
                            .map(name -> new NewTopic(name, partitions, replication).configs(configs))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Kills node {@code id} (1-based) with SIGKILL, as a machine or container loss would. */
    public void kill(int id) {
        node(id).kill();
    }

    /** Stops node {@code id} with SIGTERM: a controlled shutdown that moves its leaderships away first. */
    public void stop(int id) {
        node(id).stop();
    }

    /** Starts node {@code id} again on its ports and log directories; returns once it answers. */
    public void restart(int id) {
        launch(id);
        awaitReady(id);
    }

    /** Starts a killed or stopped node {@code id} again and returns at once, as an orchestrator replaces it. */
    public void launch(int id) {
        node(id).launch();
    }

    /** Waits until node {@code id} answers. */
    public void awaitReady(int id) {
        node(id).awaitReady();
    }

    private Node node(int id) {
        return nodes.get(id - 1);
    }

    /** Stops every node and deletes the log directories. */
    @Override
    public void close() {
        nodes.forEach(Node::stop);
        ChildProcesses.deleteTree(directory);
    }

    private static final class Node {
        private final int id;
        private final Path home;
        private final Path properties;
        private final int port;
        private Process process;
        private int starts;
        private Path log;
        private long launchedAt;

        Node(int id, Path home, Path properties, int port) {
            this.id = id;
            this.home = home;
            this.properties = properties;
            this.port = port;
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        void launch() {
            if (process != null) {
                throw new IllegalStateException("kafka node " + id + " is running");
            }
            starts++;
            log = home.resolve("node-" + starts + ".log");
            launchedAt = System.nanoTime();
            process = KafkaProcesses.launch(log, "kafka.Kafka", properties.toString());
        }

        void awaitReady() {
            KafkaProcesses.awaitReady(process, address(), log);
            LOGGER.atInfo()
                    .addKeyValue("node", id)
                    .addKeyValue("address", address())
                    .addKeyValue("millis", (System.nanoTime() - launchedAt) / 1_000_000)
                    .log("kafka node ready");
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            LOGGER.atInfo().addKeyValue("node", id).log("kafka node killed");
        }

        void stop() {
            if (process != null) {
                ChildProcesses.stop(process, STOP_TIMEOUT);
                process = null;
                LOGGER.atInfo().addKeyValue("node", id).log("kafka node stopped");
            }
        }
    }
}
