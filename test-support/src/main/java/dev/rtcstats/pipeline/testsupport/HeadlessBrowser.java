package dev.rtcstats.pipeline.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven through the DevTools protocol on a loopback port: navigate, evaluate
 * JavaScript, wait for a condition, take a screenshot. It runs with a fresh profile and without any background
 * networking, and is killed with its helper processes on close. Page errors and console messages are kept in
 * {@link #log()}.
 */
public final class HeadlessBrowser implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private HeadlessBrowser(Process process, Path profile, String pageSocketUrl) throws IOException {
        this.process = process;
        this.profile = profile;
        try {
            this.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocketUrl), new Listener())
                    .get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to Chromium's DevTools at " + pageSocketUrl, e);
        }
        command("Page.enable", Map.of());
        command("Runtime.enable", Map.of());
        command("Log.enable", Map.of());
    }

    /**
     * Starts Chromium with a {@code width} x {@code height} window; fails, rather than skips, when it is not
     * installed ({@code apt-get install chromium}).
     */
    public static HeadlessBrowser launch(Path workDir, int width, int height) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: browser tests need Debian's Chromium " + "(apt-get install chromium)");
        }
        Path profile = Files.createTempDirectory(workDir, "chromium-devtools-");
        Process process = new ProcessBuilder(List.of(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--window-size=" + width + "," + height,
                        "about:blank"))
                .redirectErrorStream(true)
                .redirectOutput(
                        profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        try {
            String page =
                    DevToolsEndpoint.pageSocketUrl(process, profile.resolve("DevToolsActivePort"), COMMAND_TIMEOUT);
            return new HeadlessBrowser(process, profile, page);
        } catch (IOException | RuntimeException e) {
            ChildProcesses.stop(process, Duration.ofSeconds(5));
            throw e;
        }
    }

    /** Loads {@code url} and waits for its load event. */
    public void navigate(String url) {
        command("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete' && location.href !== 'about:blank'", COMMAND_TIMEOUT);
    }

    /** The value of a JavaScript expression in the page (promises are awaited), as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result = command(
                "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls {@code predicate} (a JavaScript expression) until it is true; fails with the page log otherwise. */
    public void waitFor(String predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (evaluate("Boolean(" + predicate + ")").asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page never satisfied " + predicate + " within " + timeout + "; page log: "
                        + log() + "; body: " + evaluate("document.body ? document.body.innerText : ''"));
            }
            pause(50);
        }
    }

    /** A PNG of the whole page, as tall as its content. */
    public byte[] screenshot() {
        JsonNode result = command("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        return Base64.getDecoder().decode(result.path("data").asText());
    }

    /** Uncaught page errors and console messages so far, oldest first. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private JsonNode command(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode response = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.path("error"));
            }
            return response.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new IllegalStateException(method + " got no answer from Chromium", e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer =
                        pending.get(message.path("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } else if ("Runtime.exceptionThrown".equals(message.path("method").asText())) {
                log.add("exception: "
                        + message.path("params")
                                .path("exceptionDetails")
                                .path("exception")
                                .path("description"));
            } else if ("Log.entryAdded".equals(message.path("method").asText())) {
                JsonNode entry = message.path("params").path("entry");
                log.add(entry.path("level").asText() + ": " + entry.path("text").asText() + " "
                        + entry.path("url").asText());
            } else if ("Runtime.consoleAPICalled".equals(message.path("method").asText())) {
                JsonNode params = message.path("params");
                log.add(params.path("type").asText() + ": " + params.path("args"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        List<ProcessHandle> helpers = process.descendants().toList();
        ChildProcesses.stop(process, Duration.ofSeconds(5));
        helpers.forEach(ProcessHandle::destroyForcibly);
        ChildProcesses.deleteTree(profile);
    }

    /** Joins the frames of each DevTools message and hands it over. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                received(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
