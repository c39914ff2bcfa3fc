package dev.rtcstats.pipeline.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Finds the DevTools WebSocket of a starting Chromium's page: its port file, then its {@code /json/list}. */
final class DevToolsEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DevToolsEndpoint() {}

    static String pageSocketUrl(Process chromium, Path portFile, Duration timeout) throws IOException {
        return pageSocketUrl(port(chromium, portFile, timeout));
    }

    private static int port(Process chromium, Path portFile, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (lines.size() >= 2) {
                    return Integer.parseInt(lines.getFirst().strip());
                }
            }
            if (!chromium.isAlive()) {
                throw new IOException("Chromium exited with " + chromium.exitValue() + " before DevTools listened");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("Chromium did not write " + portFile);
    }

    private static String pageSocketUrl(int port) throws IOException {
        try {
            HttpResponse<String> list = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return target.path("webSocketDebuggerUrl").asText();
                }
            }
            throw new IOException("Chromium has no page target: " + list.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
