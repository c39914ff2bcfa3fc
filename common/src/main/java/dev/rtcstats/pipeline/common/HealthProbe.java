package dev.rtcstats.pipeline.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container images' health check command, for runtimes that run one (Docker, compose): exits 0 when
 * {@code GET http://127.0.0.1:<port><path>} answers 200 within two seconds, 1 otherwise. The images have no shell
 * and no curl; Kubernetes probes the same endpoints over HTTP instead. Usage: {@code HealthProbe <port> [path]}.
 */
public final class HealthProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HealthProbe() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: HealthProbe <port> [path, default /healthcheck]");
        }
        System.exit(isHealthy(Integer.parseInt(args[0]), args.length == 2 ? args[1] : "/healthcheck") ? 0 : 1);
    }

    /** Whether the local endpoint answers 200; any failure to connect or read counts as unhealthy. */
    public static boolean isHealthy(int port, String path) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(TIMEOUT)
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
