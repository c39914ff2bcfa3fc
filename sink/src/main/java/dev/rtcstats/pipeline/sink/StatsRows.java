package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.StatsSeries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Maps {@link StatsSeries} records onto {@code stats_timeseries} (004_stats_timeseries.sql), one row per sample. The
 * columns that are the same for every row of a record are encoded once per record, and those of a series (report
 * and metric) once per series, so a sample costs two copies and two numbers. A sample whose time or value is
 * rejected is left out and its record is dead-lettered; the table is keyed without {@code user}, so the record's
 * user is not stored.
 */
final class StatsRows implements RowEncoder {
    static final String TABLE = "stats_timeseries";
    static final List<String> COLUMNS = List.of(
            "tenant",
            "conference",
            "session",
            "connection_id",
            "session_start",
            "peer_connection",
            "report_id",
            "type",
            "metric",
            "ts",
            "value",
            "version");
    private static final JsonSerde<StatsSeries> SERDE = new JsonSerde<>(StatsSeries.class);

    private final TableSchema schema;
    private final List<Column> columns;
    private final Values.Adjustments adjustments;

    StatsRows(TableSchema table, Values.Adjustments adjustments) {
        Map<String, Boolean> wanted = new HashMap<>();
        COLUMNS.forEach(name -> wanted.put(name, true));
        TableSchema present = table.only(wanted);
        this.columns = COLUMNS.stream().map(present::column).toList();
        if (!(columns.get(9).type() instanceof ColumnType.DateTime64(int precision) && precision == 3)
                || !(columns.get(10).type() instanceof ColumnType.Floating(int bytes) && bytes == 8)) {
            throw new IllegalStateException(TABLE + " must have ts DateTime64(3) and value Float64");
        }
        this.schema = new TableSchema(table.table(), columns);
        this.adjustments = adjustments;
    }

    @Override
    public void encode(ConsumerRecord<byte[], byte[]> record, int index, RowBatch batch) {
        StatsSeries series = SERDE.fromBytes(record.value());
        RowEncoder.requireFormat(series.format(), StatsSeries.FORMAT);
        TableBatch table = batch.table(schema);
        Encoder encoder = new Encoder(table, index, batch);
        encoder.start(
                series.tenant(),
                series.conference(),
                series.session(),
                series.connectionId(),
                series.startTime(),
                series.processingVersion());
        Map<List<String>, byte[]> keys = new HashMap<>();
        for (StatsSeries.Sample sample : series.samples()) {
            byte[] key = keys.computeIfAbsent(
                    List.of(
                            orEmpty(sample.peerConnection()),
                            orEmpty(sample.reportId()),
                            orEmpty(sample.type()),
                            orEmpty(sample.metric())),
                    encoder::seriesKey);
            encoder.sample(key, sample.timestamp(), sample.value());
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Writes the rows of one record; rejections are dead-lettered once per record. */
    final class Encoder {
        private final TableBatch table;
        private final int index;
        private final RowBatch batch;
        private byte[] prefix;
        private byte[] version;

        Encoder(TableBatch table, int index, RowBatch batch) {
            this.table = table;
            this.index = index;
            this.batch = batch;
        }

        /** Encodes the columns every row of the record shares; false (and a dead letter) if they are rejected. */
        boolean start(String tenant, String conference, String session, String connectionId, long start, long version) {
            RowBinary out = new RowBinary(128);
            try {
                Values.text(out, columns.get(0), tenant, adjustments);
                Values.text(out, columns.get(1), conference, adjustments);
                Values.text(out, columns.get(2), session, adjustments);
                Values.text(out, columns.get(3), connectionId, adjustments);
                Values.dateTime(out, columns.get(4), start, adjustments);
                prefix = copy(out);
                out.clear();
                Values.integer(out, columns.get(11), version, adjustments);
                this.version = copy(out);
                return true;
            } catch (RejectedValue e) {
                batch.deadLetter(index, SinkDeadLetterReason.INVALID_VALUE, e);
                prefix = null;
                return false;
            }
        }

        /** The encoded peer connection, report id, type and metric, or null when one of them is rejected. */
        byte[] seriesKey(List<String> key) {
            RowBinary out = new RowBinary(64);
            try {
                for (int i = 0; i < 4; i++) {
                    Values.text(out, columns.get(5 + i), key.get(i), adjustments);
                }
                return copy(out);
            } catch (RejectedValue e) {
                batch.deadLetter(index, SinkDeadLetterReason.INVALID_VALUE, e);
                return null;
            }
        }

        void sample(byte[] seriesKey, long timestamp, double value) {
            if (prefix == null || seriesKey == null) {
                return;
            }
            if (timestamp < Values.MIN_DATETIME_MS || timestamp > Values.MAX_DATETIME_MS || !Double.isFinite(value)) {
                ValueCheck check = Double.isFinite(value) ? ValueCheck.DATETIME_RANGE : ValueCheck.NOT_FINITE;
                batch.deadLetter(
                        index,
                        SinkDeadLetterReason.INVALID_VALUE,
                        new RejectedValue(check == ValueCheck.NOT_FINITE ? "value" : "ts", check));
                return;
            }
            RowBinary out = table.beginRow(index);
            out.raw(prefix);
            out.raw(seriesKey);
            out.int64(timestamp);
            out.float64(value);
            out.raw(version);
            table.endRow();
        }

        private static byte[] copy(RowBinary out) {
            byte[] bytes = new byte[out.size()];
            System.arraycopy(out.array(), 0, bytes, 0, out.size());
            return bytes;
        }
    }
}
