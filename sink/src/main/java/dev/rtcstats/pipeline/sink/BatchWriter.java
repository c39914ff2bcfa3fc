package dev.rtcstats.pipeline.sink;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a {@link RowBatch} table by table. When ClickHouse refuses a slice with a permanent error, the slice is
 * split in halves until the refused records are alone; every other record's rows are inserted, and the refused
 * records are returned for the dead letters. A transient error leaves the rest for the next attempt, which skips
 * what was already inserted.
 */
final class BatchWriter {
    private static final Logger LOGGER = LoggerFactory.getLogger(BatchWriter.class);

    private final TableInserter inserter;
    private final SinkMetrics metrics;

    /** A record whose rows ClickHouse refused. */
    record Refusal(int record, PermanentInsertException cause) {}

    BatchWriter(TableInserter inserter, SinkMetrics metrics) {
        this.inserter = inserter;
        this.metrics = metrics;
    }

    List<Refusal> write(RowBatch batch) throws Exception {
        List<Refusal> refusals = new ArrayList<>();
        for (TableBatch table : batch.tables()) {
            int span = 0;
            while (span < table.spans()) {
                if (table.done(span)) {
                    span++;
                    continue;
                }
                int end = span;
                while (end < table.spans() && !table.done(end)) {
                    end++;
                }
                insert(table, span, end, refusals);
                span = end;
            }
        }
        return refusals;
    }

    private void insert(TableBatch table, int from, int to, List<Refusal> refusals) throws Exception {
        int offset = table.start(from);
        int length = table.end(to - 1) - offset;
        if (length == 0) {
            table.markDone(from, to);
            return;
        }
        try {
            inserter.insert(table.schema().table(), table.schema().names(), table.array(), offset, length);
            int rows = 0;
            for (int span = from; span < to; span++) {
                rows += table.rows(span);
            }
            metrics.rowsWritten(table.schema().table(), rows);
            table.markDone(from, to);
        } catch (PermanentInsertException e) {
            if (to - from == 1) {
                refusals.add(new Refusal(table.record(from), e));
                table.markDone(from, to);
                return;
            }
            LOGGER.atInfo()
                    .addKeyValue("table", table.schema().table())
                    .addKeyValue("records", to - from)
                    .addKeyValue("code", e.code())
                    .log("insert refused; splitting the batch to find the refused records");
            int middle = (from + to) >>> 1;
            insert(table, from, middle, refusals);
            insert(table, middle, to, refusals);
        }
    }
}
