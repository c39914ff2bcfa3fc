package dev.rtcstats.pipeline.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link TableInserter} over ClickHouse's HTTP interface with the Java client v2: {@code INSERT INTO t (columns)
 * FORMAT RowBinary} with the batch's bytes streamed as the body, no copy and no text. With
 * {@link ClickHouseSettings#asyncInsert()} the server buffers small inserts ({@code async_insert=1}) and still
 * answers only once the rows are written ({@code wait_for_async_insert=1}), so offsets keep following acknowledged
 * rows.
 */
final class ClickHouseInserter implements TableInserter, AutoCloseable {
    private final Client client;
    private final boolean asyncInsert;
    private final long timeoutMillis;

    ClickHouseInserter(ClickHouseSettings config) {
        ClickHouseSettings.Endpoint endpoint = config.endpoint();
        this.client = new Client.Builder()
                .addEndpoint(endpoint.httpUrl())
                .setUsername(config.user())
                .setPassword(config.password().reveal())
                .setDefaultDatabase(endpoint.database())
                .compressServerResponse(endpoint.compress())
                .compressClientRequest(endpoint.compress())
                .setConnectTimeout(10, ChronoUnit.SECONDS)
                .setSocketTimeout(config.insertTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketKeepAlive(true)
                .build();
        this.timeoutMillis = config.insertTimeout().toMillis() + 5_000;
        this.asyncInsert = config.asyncInsert();
    }

    /** Settings of one insert: the client may write into them, and the row loops insert from their own threads. */
    private InsertSettings settings() {
        InsertSettings settings = new InsertSettings();
        if (asyncInsert) {
            settings.serverSetting("async_insert", "1");
            settings.serverSetting("wait_for_async_insert", "1");
        }
        return settings;
    }

    @Override
    public void insert(String table, List<String> columns, byte[] data, int offset, int length) throws Exception {
        try {
            client.insert(
                            ClickHouse.quote(table),
                            columns.stream().map(ClickHouse::quote).toList(),
                            out -> out.write(data, offset, length),
                            ClickHouseFormat.RowBinary,
                            settings())
                    .get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .close();
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof ServerException)) {
                cause = cause.getCause();
            }
            if (cause instanceof ServerException server && ClickHouseErrors.permanent(server.getCode())) {
                throw new PermanentInsertException(server.getCode(), server.getMessage(), server);
            }
            throw e;
        }
    }

    /** Whether ClickHouse answers a ping now. */
    boolean reachable() {
        return client.ping(2_000);
    }

    @Override
    public void close() {
        client.close();
    }
}
