package dev.rtcstats.pipeline.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of ClickHouse's HTTP interface that the ClickHouse JDBC driver uses, served by a {@link ChdbEngine}:
 * SQL from {@code ?query=} and/or the body, format from {@code X-ClickHouse-Format} or {@code default_format},
 * database from {@code X-ClickHouse-Database} or {@code database}, {@code param_*} query parameters, and errors as
 * HTTP 500 with {@code X-ClickHouse-Exception-Code}. Clients must not ask for compression ({@code compress=false}).
 * An {@code INSERT ... FORMAT f} in {@code ?query=} with its data as the body is streamed to a temporary file and
 * run as {@code INSERT ... FROM INFILE}, so binary inserts of any size cost what they would on a real server.
 * {@code GET /front-cpu} tells the CPU time its request threads spent in total and inside the engine's calls, so a
 * benchmark can tell the front's own cost from the engine's (docs/benchmarks.md). It has no authentication: bind it
 * to loopback only.
 */
public final class ClickHouseHttpFront implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClickHouseHttpFront.class);
    private static final Pattern ERROR_CODE = Pattern.compile("Code: (\\d+)");
    private static final Pattern INSERT_FORMAT =
            Pattern.compile("(?is)\\s*(INSERT\\s+INTO\\s+.+?)\\s+FORMAT\\s+(\\w+)\\s*");

    private final ChdbEngine engine;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final LongAdder requests = new LongAdder();
    private final LongAdder handlerCpuNanos = new LongAdder();
    private final LongAdder engineCpuNanos = new LongAdder();
    private String currentDatabase = "default";

    public ClickHouseHttpFront(ChdbEngine engine, int port) throws IOException {
        this.engine = engine;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        this.executor = Executors.newFixedThreadPool(
                4, Thread.ofPlatform().name("chdb-http-", 0).daemon().factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long cpu = threads.getCurrentThreadCpuTime();
        try {
            answer(exchange);
        } finally {
            requests.increment();
            handlerCpuNanos.add(threads.getCurrentThreadCpuTime() - cpu);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/ping")) {
                send(exchange, 200, "Ok.\n".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            if (path.equals("/front-cpu")) {
                String cpu = "requests " + requests.sum() + "\nhandler_cpu_ns " + handlerCpuNanos.sum()
                        + "\nengine_call_cpu_ns " + engineCpuNanos.sum() + "\n";
                send(exchange, 200, cpu.getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            Map<String, String> params = parameters(exchange.getRequestURI().getRawQuery());
            Path spooled = null;
            byte[] sql;
            Matcher insert = params.get("query") == null ? null : INSERT_FORMAT.matcher(params.get("query"));
            if (insert != null && insert.matches()) {
                // The engine would read inline data from the query text, cut at max_query_size and slow to parse;
                // a real server streams the body, so the body goes to a file the engine reads (FROM INFILE).
                spooled = Files.createTempFile("chdb-insert-", ".bin");
                try (InputStream body = exchange.getRequestBody()) {
                    Files.copy(body, spooled, StandardCopyOption.REPLACE_EXISTING);
                }
                sql = (insert.group(1) + " FROM INFILE '" + spooled + "' FORMAT " + insert.group(2))
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                sql = statement(params.get("query"), exchange.getRequestBody().readAllBytes());
            }
            String format = firstNonNull(
                    exchange.getRequestHeaders().getFirst("X-ClickHouse-Format"),
                    params.get("default_format"),
                    "TabSeparated");
            String database = firstNonNull(
                    exchange.getRequestHeaders().getFirst("X-ClickHouse-Database"), params.get("database"), "default");
            Map<String, String> queryParameters = new LinkedHashMap<>();
            params.forEach((name, value) -> {
                if (name.startsWith("param_")) {
                    queryParameters.put(name.substring("param_".length()), value);
                }
            });
            ChdbEngine.Result result;
            long cpu = threads.getCurrentThreadCpuTime();
            try {
                result = run(database, sql, format, queryParameters);
            } finally {
                engineCpuNanos.add(threads.getCurrentThreadCpuTime() - cpu);
                if (spooled != null) {
                    Files.deleteIfExists(spooled);
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(
                    "X-ClickHouse-Query-Id",
                    params.getOrDefault("query_id", UUID.randomUUID().toString()));
            headers.put("X-ClickHouse-Format", format);
            headers.put("X-ClickHouse-Timezone", "UTC");
            headers.put("X-ClickHouse-Server-Display-Name", "chdb-http-front");
            headers.put(
                    "X-ClickHouse-Summary",
                    "{\"read_rows\":\"0\",\"read_bytes\":\"0\",\"written_rows\":\"0\","
                            + "\"written_bytes\":\"0\",\"total_rows_to_read\":\"0\",\"result_rows\":\"0\","
                            + "\"result_bytes\":\"0\",\"elapsed_ns\":\"0\"}");
            if (result.failed()) {
                Matcher code = ERROR_CODE.matcher(result.error());
                String errorCode = code.find() ? code.group(1) : "1000";
                headers.put("X-ClickHouse-Exception-Code", errorCode);
                String message = result.error().startsWith("Code:")
                        ? result.error().strip()
                        : "Code: " + errorCode + ". DB::Exception: "
                                + result.error().strip();
                LOGGER.atDebug().addKeyValue("code", errorCode).log(message);
                send(exchange, 500, (message + "\n").getBytes(StandardCharsets.UTF_8), headers);
            } else {
                send(exchange, 200, result.output(), headers);
            }
        } catch (RuntimeException e) {
            LOGGER.atWarn().setCause(e).log("chDB front failed to answer a request");
            send(
                    exchange,
                    500,
                    ("Code: 1000. DB::Exception: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8),
                    Map.of("X-ClickHouse-Exception-Code", "1000"));
        }
    }

    private synchronized ChdbEngine.Result run(String database, byte[] sql, String format, Map<String, String> params) {
        if (!database.equals(currentDatabase)) {
            ChdbEngine.Result use = engine.query(
                    ("USE `" + database.replace("`", "") + "`").getBytes(StandardCharsets.UTF_8),
                    "TabSeparated",
                    Map.of());
            if (use.failed()) {
                return use;
            }
            currentDatabase = database;
        }
        return engine.query(sql, format, params);
    }

    private static byte[] statement(String query, byte[] body) {
        if (query == null) {
            return body;
        }
        byte[] head = query.getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            return head;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream(head.length + 1 + body.length);
        joined.writeBytes(head);
        joined.write('\n');
        joined.writeBytes(body);
        return joined.toByteArray();
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static String firstNonNull(String a, String b, String fallback) {
        return a != null ? a : b != null ? b : fallback;
    }

    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
