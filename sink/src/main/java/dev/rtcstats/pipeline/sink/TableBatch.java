package dev.rtcstats.pipeline.sink;

import java.util.Arrays;

/**
 * The RowBinary rows of one table in a batch, with which input record wrote which bytes: a record's rows are one
 * contiguous span, so any run of records is one slice of the buffer, which is what an insert sends and what a split
 * batch bisects. Spans already inserted are marked done and skipped when the batch is retried.
 */
final class TableBatch {
    private final TableSchema schema;
    private final RowBinary data = new RowBinary(64 * 1024);
    private int[] records = new int[64];
    private int[] ends = new int[64];
    private int[] rowCounts = new int[64];
    private boolean[] done = new boolean[64];
    private int spans;
    private int rows;
    private int rowStart;
    private int openRecord = -1;

    TableBatch(TableSchema schema) {
        this.schema = schema;
    }

    TableSchema schema() {
        return schema;
    }

    /** Where the row's values go; call {@link #endRow} or {@link #abortRow} after writing them. */
    RowBinary beginRow(int record) {
        if (record != openRecord) {
            openSpan(record);
        }
        rowStart = data.size();
        return data;
    }

    void endRow() {
        rowCounts[spans - 1]++;
        ends[spans - 1] = data.size();
        rows++;
    }

    /** Drops the bytes of a row whose value was rejected. */
    void abortRow() {
        data.truncate(rowStart);
    }

    int rows() {
        return rows;
    }

    int bytes() {
        return data.size();
    }

    int spans() {
        return spans;
    }

    int record(int span) {
        return records[span];
    }

    int rows(int span) {
        return rowCounts[span];
    }

    int start(int span) {
        return span == 0 ? 0 : ends[span - 1];
    }

    int end(int span) {
        return ends[span];
    }

    boolean done(int span) {
        return done[span];
    }

    void markDone(int from, int to) {
        Arrays.fill(done, from, to, true);
    }

    byte[] array() {
        return data.array();
    }

    private void openSpan(int record) {
        if (spans == records.length) {
            int size = spans * 2;
            records = Arrays.copyOf(records, size);
            ends = Arrays.copyOf(ends, size);
            rowCounts = Arrays.copyOf(rowCounts, size);
            done = Arrays.copyOf(done, size);
        }
        records[spans] = record;
        ends[spans] = data.size();
        rowCounts[spans] = 0;
        done[spans] = false;
        spans++;
        openRecord = record;
    }
}
