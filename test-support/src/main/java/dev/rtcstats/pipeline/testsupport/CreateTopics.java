package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics listed in a definitions file ({@code infra/kafka/topics.txt}): one topic a line,
 * {@code name partitions [key=value,...]}. Topics that exist are left as they are.
 * Usage: {@code CreateTopics <bootstrap> <topics.txt> [replicationFactor]}.
 */
public final class CreateTopics {
    private CreateTopics() {}

    public static void main(String[] args)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CreateTopics <bootstrap> <topics.txt> [replicationFactor]");
        }
        short replication = args.length > 2 ? Short.parseShort(args[2]) : 1;
        List<NewTopic> wanted = parse(Files.readAllLines(Path.of(args[1])), replication);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            System.out.println(
                    "topics: " + missing.size() + " created, " + (wanted.size() - missing.size()) + " already there");
        }
    }

    static List<NewTopic> parse(List<String> lines, short replication) {
        List<NewTopic> topics = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            NewTopic topic = new NewTopic(fields[0], Integer.parseInt(fields[1]), replication);
            if (fields.length > 2) {
                Map<String, String> configs = new HashMap<>();
                for (String pair : fields[2].split(",")) {
                    String[] kv = pair.split("=", 2);
                    configs.put(kv[0], kv[1]);
                }
                topic.configs(configs);
            }
            topics.add(topic);
        }
        return topics;
    }
}
