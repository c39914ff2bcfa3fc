package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on any Kafka cluster, tolerating ones that exist. A topic listed in {@code infra/kafka/topics.txt}
 * (packaged as {@code kafka/topics.txt}) gets the configs listed there, so that tests meet the production limits
 * such as {@code max.message.bytes}.
 */
final class KafkaTopics {
    private static final Map<String, Map<String, String>> DEFINED = defined();

    private KafkaTopics() {}

    static void create(String bootstrap, String name, int partitions) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(DEFINED.getOrDefault(name, Map.of()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        }
    }

    /** The configs {@code topics.txt} gives this topic; empty when it does not list it. */
    static Map<String, String> configs(String name) {
        return DEFINED.getOrDefault(name, Map.of());
    }

    private static Map<String, Map<String, String>> defined() {
        try (InputStream in = KafkaTopics.class.getResourceAsStream("/kafka/topics.txt")) {
            if (in == null) {
                throw new IllegalStateException("kafka/topics.txt is not on the classpath: build test-support");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return CreateTopics.parse(lines, (short) 1).stream()
                    .collect(Collectors.toUnmodifiableMap(
                            NewTopic::name, topic -> topic.configs() == null ? Map.of() : Map.copyOf(topic.configs())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kafka/topics.txt", e);
        }
    }
}
