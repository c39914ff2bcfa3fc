package dev.rtcstats.pipeline.sink;

import java.util.List;

/** Inserts RowBinary rows into one table; returning means ClickHouse acknowledged all of them. */
@FunctionalInterface
interface TableInserter {
    /**
     * @throws PermanentInsertException when ClickHouse refused the data itself: the same rows would fail again
     * @throws Exception                any other failure, to be retried
     */
    void insert(String table, List<String> columns, byte[] data, int offset, int length) throws Exception;
}
