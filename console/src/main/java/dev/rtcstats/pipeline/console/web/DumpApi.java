package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.ConsoleMetrics;
import dev.rtcstats.pipeline.console.auth.Analyst;
import dev.rtcstats.pipeline.console.dump.DumpStore;
import dev.rtcstats.pipeline.console.query.ConferenceQueries;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;

/**
 * {@code GET /api/dump?conference=&connection=}: the connection's gzip dump, streamed from the bucket through the
 * console. The object key comes from the tenant's own session row, so a key of another tenant can never be named.
 */
final class DumpApi {
    private final ConferenceQueries queries;
    private final DumpStore store;
    private final ConsoleMetrics metrics;

    DumpApi(ConferenceQueries queries, DumpStore store, ConsoleMetrics metrics) {
        this.queries = queries;
        this.store = store;
        this.metrics = metrics;
    }

    Object download(HttpServerExchange exchange, Analyst analyst) throws ApiException, SQLException, IOException {
        if (!store.enabled()) {
            throw ApiException.notFound("dump downloads are not configured (CONSOLE_S3_ENDPOINT)");
        }
        String conference = Parameters.required(exchange, "conference");
        String connection = Parameters.required(exchange, "connection");
        String key = queries.dumpKey(analyst.tenant(), conference, connection)
                .orElseThrow(() -> ApiException.notFound("no dump for this connection"));
        DumpStore.Dump dump = store.open(key).orElseThrow(() -> ApiException.notFound("the dump is not in the bucket"));
        try (InputStream in = dump.content()) {
            exchange.startBlocking();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/gzip");
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, dump.length());
            exchange.getResponseHeaders()
                    .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(connection) + ".gz\"");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
            OutputStream out = exchange.getOutputStream();
            metrics.dumpBytes(in.transferTo(out));
            out.close();
        }
        return null;
    }

    /** The connection id with anything but {@code [A-Za-z0-9._-]} replaced, safe inside a header. */
    static String fileName(String connection) {
        return connection.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
