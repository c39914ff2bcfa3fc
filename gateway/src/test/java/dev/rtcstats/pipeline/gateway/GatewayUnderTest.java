package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A gateway on a free port writing to a topic of its own, so tests never see each other's events. */
final class GatewayUnderTest implements AutoCloseable {
    static final String SECRET = "testSecret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final String topic;
    final String deadLetterTopic;
    final Gateway gateway;
    final String bootstrap;

    private GatewayUnderTest(String bootstrap, String topic, String deadLetterTopic, Map<String, String> overrides) {
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.bootstrap = bootstrap;
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("GATEWAY_PORT", "0");
        env.put("GATEWAY_BIND_ADDRESS", "127.0.0.1");
        env.put("GATEWAY_ID", "gw-test");
        env.put("GATEWAY_FRAMES_TOPIC", topic);
        env.put("GATEWAY_DEAD_LETTER_TOPIC", deadLetterTopic);
        env.put("GATEWAY_IO_THREADS", "2");
        env.put("GATEWAY_READY_CHECK_INTERVAL", "500ms");
        env.put("GATEWAY_SHUTDOWN_GRACE", "5s");
        env.put("KAFKA_LINGER", "5ms");
        env.putAll(overrides);
        env.values().removeIf(String::isEmpty);
        this.gateway = new Gateway(GatewayConfig.fromEnv(env), Clock.systemUTC()).start();
    }

    static GatewayUnderTest start(TestInfra infra, Map<String, String> overrides) {
        String topic = TestInfra.uniqueName("frames");
        String deadLetters = TestInfra.uniqueName("dead-letters");
        infra.createTopic(topic, 3);
        infra.createTopic(deadLetters, 1);
        return new GatewayUnderTest(infra.kafkaBootstrap(), topic, deadLetters, overrides);
    }

    static GatewayUnderTest startWithSecret(TestInfra infra) {
        return start(infra, Map.of("RTCSTATS_JWT_SECRET", SECRET, "GATEWAY_UPLOAD_PATH", "/upload"));
    }

    /** A gateway on a broker the test controls, for example one it stops. */
    static GatewayUnderTest startOn(String bootstrap, String topic, Map<String, String> overrides) {
        return new GatewayUnderTest(bootstrap, topic, "dead-letters-private", overrides);
    }

    /** A gateway whose broker does not exist: every send fails after the given blocking time. */
    static GatewayUnderTest startWithoutBroker(Map<String, String> overrides) {
        return new GatewayUnderTest("127.0.0.1:1", "frames-nowhere", "dead-letters-nowhere", overrides);
    }

    int port() {
        return gateway.port();
    }

    TopicReader reader() {
        return new TopicReader(bootstrap, topic);
    }

    TopicReader deadLetters() {
        return new TopicReader(bootstrap, deadLetterTopic);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Posts without a Content-Length, so that the gateway learns the size only by reading. */
    HttpResponse<String> postChunked(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(body)))
                .build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
