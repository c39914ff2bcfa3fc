package dev.rtcstats.pipeline.sink;

import java.sql.SQLException;
import java.util.List;

/** Inserts rows into ClickHouse; returning means ClickHouse acknowledged every one of them. */
interface RowWriter {
    void write(List<Row> rows) throws SQLException;
}
