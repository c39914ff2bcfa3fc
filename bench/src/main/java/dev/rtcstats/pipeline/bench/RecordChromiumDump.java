package dev.rtcstats.pipeline.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.gateway.Gateway;
import dev.rtcstats.pipeline.gateway.GatewayConfig;
import dev.rtcstats.pipeline.testsupport.ChildProcesses;
import dev.rtcstats.pipeline.testsupport.KafkaBrokerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records a real Chromium rtcStats dump through our gateway: a Kafka broker (child process) and the gateway start on
 * free ports, headless Debian Chromium with fake camera and microphone loads a page that wraps the current rtcStats
 * client ({@code packages/rtcstats-js} of an rtcstats/rtcstats checkout, loaded as ES modules through an import map,
 * no bundler) and holds a loopback call between two peer connections, and the connection's records are read back
 * from the frames topic and written in the dump format. The result is test data for the load generator.
 *
 * <pre>
 * --client-dir path/to/rtcstats-checkout  --seconds 60  --out bench/data/chromium-loopback.rtcstats
 * </pre>
 */
public final class RecordChromiumDump {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TOPIC = "rtcstats.frames.v1";
    private final PrintStream out = System.out;

    private RecordChromiumDump() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path client = Path.of(options.getOrDefault("client-dir", ".cache/rtcstats-reference"));
        int seconds = Math.min(Integer.parseInt(options.getOrDefault("seconds", "60")), 600);
        Path target = Path.of(options.getOrDefault("out", "bench/data/chromium-loopback.rtcstats"));
        new RecordChromiumDump().record(client, seconds, target);
    }

    private void record(Path client, int seconds, Path target) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            broker.createTopic(TOPIC, 1);
            GatewayConfig config = GatewayConfig.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "GATEWAY_PORT", "0",
                    "GATEWAY_BIND_ADDRESS", "127.0.0.1",
                    "GATEWAY_ID", "recorder"));
            try (Gateway gateway = new Gateway(config, Clock.systemUTC()).start()) {
                CompletableFuture<String> done = new CompletableFuture<>();
                HttpServer pages = serve(client, "ws://127.0.0.1:" + gateway.port() + "/loopback", seconds, done);
                Path profile = Files.createTempDirectory("chromium-profile-");
                Process chromium =
                        chromium("http://127.0.0.1:" + pages.getAddress().getPort() + "/call.html", profile);
                try {
                    out.println("page says: " + done.get(seconds + 60L, TimeUnit.SECONDS));
                } finally {
                    List<ProcessHandle> helpers = chromium.descendants().toList();
                    ChildProcesses.stop(chromium, Duration.ofSeconds(5));
                    helpers.forEach(ProcessHandle::destroyForcibly);
                    pages.stop(0);
                    ChildProcesses.deleteTree(profile);
                }
                writeDump(broker.bootstrapServers(), target);
            }
        }
    }

    /** The call page, the client's ES modules, and {@code /done} where the page reports back. */
    private static HttpServer serve(Path client, String webSocketUrl, int seconds, CompletableFuture<String> done)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String page = new String(
                        RecordChromiumDump.class
                                .getResourceAsStream("/chromium-call.html")
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replace("/*WS_URL*/''", "'" + webSocketUrl + "'")
                .replace("/*CALL_MILLIS*/0", Integer.toString(seconds * 1000));
        server.createContext(
                "/call.html", exchange -> respond(exchange, "text/html", page.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/rtcstats-js/", exchange -> module(exchange, client.resolve("packages/rtcstats-js")));
        server.createContext(
                "/rtcstats-shared/", exchange -> module(exchange, client.resolve("packages/rtcstats-shared")));
        server.createContext("/done", exchange -> {
            done.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, "text/plain", new byte[0]);
        });
        server.start();
        return server;
    }

    private static void module(HttpExchange exchange, Path root) throws IOException {
        String name = exchange.getRequestURI().getPath().replaceFirst("^/[^/]+/", "");
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !name.endsWith(".js") || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        respond(exchange, "text/javascript", Files.readAllBytes(file));
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static Process chromium(String url, Path profile) throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install chromium");
        }
        // The background-networking flags keep Chromium from calling home, which floods a closed network.
        return new ProcessBuilder(List.of(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream",
                        "--user-data-dir=" + profile,
                        url))
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
    }

    /** Writes the one connection on the topic as the pipeline stores it: header, metadata, frames, close line. */
    private void writeDump(String bootstrap, Path target) throws IOException {
        List<ConnectionEvent> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    events.add(ConnectionEventCodec.decode(record.key(), record.headers(), record.value()));
                }
            }
        }
        StringBuilder dump = new StringBuilder(DumpFormat.HEADER).append('\n');
        long frames = 0;
        long bytes = 0;
        for (ConnectionEvent event : events) {
            switch (event) {
                case ConnectionEvent.Opened opened ->
                    dump.append(opened.metadataJson()).append('\n');
                case ConnectionEvent.FrameReceived frame -> {
                    dump.append(frame.text()).append('\n');
                    frames++;
                    bytes += frame.payload().length;
                }
                case ConnectionEvent.Closed closed ->
                    dump.append(DumpFormat.closeLine(closed.code(), closed.timestamp() - closed.lastFrameAt()));
            }
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, dump, StandardCharsets.UTF_8);
        out.printf("%s: %d frames, %.0f bytes a frame on average%n", target, frames, (double) bytes / frames);
    }
}
