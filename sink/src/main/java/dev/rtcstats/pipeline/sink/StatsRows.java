package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.StatsSeries;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Maps {@link StatsSeries} records onto {@code stats_reports} (010_stats_reports.sql): one row per
 * report and time, its samples in the {@code metrics} map (a metric given twice keeps its last value). The columns
 * shared by every row of a record are encoded once per record, and each name once per record, so a sample costs a
 * copy of its encoded name and a number. A sample whose value or name is rejected is left out, a report whose time
 * or names are rejected loses its row, and the record is dead-lettered; the table is keyed without {@code user}, so
 * the record's user is not stored.
 */
final class StatsRows implements RowEncoder {
    static final String TABLE = "stats_reports";
    static final List<String> COLUMNS = List.of(
            "tenant",
            "conference",
            "session",
            "connection_id",
            "session_start",
            "peer_connection",
            "type",
            "report_id",
            "ts",
            "metrics",
            "version");
    private static final JsonSerde<StatsSeries> SERDE = new JsonSerde<>(StatsSeries.class);

    private final TableSchema schema;
    private final List<Column> columns;
    /** The map's keys, checked as key text: a metric name over the key cap is rejected, not cut. */
    private final Column metricName;

    private final Values.Adjustments adjustments;

    StatsRows(TableSchema table, Values.Adjustments adjustments) {
        Map<String, Boolean> wanted = new HashMap<>();
        COLUMNS.forEach(name -> wanted.put(name, true));
        TableSchema present = table.only(wanted);
        this.columns = COLUMNS.stream().map(present::column).toList();
        if (!(columns.get(8).type() instanceof ColumnType.DateTime64(int precision) && precision == 3)
                || !(columns.get(9).type()
                                instanceof ColumnType.MapOf(ColumnType.Text key, ColumnType.Floating(int bytes))
                        && bytes == 8)) {
            throw new IllegalStateException(
                    TABLE + " must have ts DateTime64(3) and metrics Map(LowCardinality(String), Float64)");
        }
        this.schema = new TableSchema(table.table(), columns);
        this.metricName = new Column(columns.get(9).name(), new ColumnType.Text(), true);
        this.adjustments = adjustments;
    }

    @Override
    public void encode(ConsumerRecord<byte[], byte[]> record, int index, RowBatch batch) {
        StatsSeries series = SERDE.fromBytes(record.value());
        RowEncoder.requireFormat(series.format(), StatsSeries.FORMAT);
        Encoder encoder = new Encoder(batch.table(schema), index, batch);
        if (!encoder.start(series)) {
            return;
        }
        Map<ReportKey, Map<String, Double>> reports = new LinkedHashMap<>();
        ReportKey last = null;
        Map<String, Double> report = null;
        for (StatsSeries.Sample sample : series.samples()) {
            // Producers write a report's samples together: only a change of report costs a lookup.
            if (last == null || !last.holds(sample)) {
                last = ReportKey.of(sample);
                report = reports.computeIfAbsent(last, key -> new LinkedHashMap<>());
            }
            report.put(orEmpty(sample.metric()), sample.value());
        }
        reports.forEach(encoder::row);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Which row a sample belongs to. */
    private record ReportKey(String peerConnection, String reportId, String type, long timestamp) {
        static ReportKey of(StatsSeries.Sample sample) {
            return new ReportKey(
                    orEmpty(sample.peerConnection()),
                    orEmpty(sample.reportId()),
                    orEmpty(sample.type()),
                    sample.timestamp());
        }

        boolean holds(StatsSeries.Sample sample) {
            return timestamp == sample.timestamp()
                    && peerConnection.equals(orEmpty(sample.peerConnection()))
                    && reportId.equals(orEmpty(sample.reportId()))
                    && type.equals(orEmpty(sample.type()));
        }
    }

    /** Writes the rows of one record; rejections are dead-lettered once per record. */
    private final class Encoder {
        private final TableBatch table;
        private final int index;
        private final RowBatch batch;
        /** Encoded names per column (peer connection, type, report id, metric), null when rejected. */
        private final List<Map<String, byte[]>> names =
                List.of(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());

        private final RowBinary scratch = new RowBinary(256);
        private byte[] prefix;
        private byte[] version;

        Encoder(TableBatch table, int index, RowBatch batch) {
            this.table = table;
            this.index = index;
            this.batch = batch;
        }

        /** Encodes the columns every row of the record shares; false (and a dead letter) if they are rejected. */
        boolean start(StatsSeries series) {
            try {
                TextValues.text(scratch, columns.get(0), series.tenant(), adjustments);
                TextValues.text(scratch, columns.get(1), series.conference(), adjustments);
                TextValues.text(scratch, columns.get(2), series.session(), adjustments);
                TextValues.text(scratch, columns.get(3), series.connectionId(), adjustments);
                Values.dateTime(scratch, columns.get(4), series.startTime(), adjustments);
                prefix = take();
                Values.integer(scratch, columns.get(10), series.processingVersion(), adjustments);
                version = take();
                return true;
            } catch (RejectedValue e) {
                reject(e);
                return false;
            }
        }

        void row(ReportKey key, Map<String, Double> report) {
            long timestamp = key.timestamp();
            if (timestamp < Values.MIN_DATETIME_MS || timestamp > Values.MAX_DATETIME_MS) {
                reject(new RejectedValue(columns.get(8).name(), ValueCheck.DATETIME_RANGE));
                return;
            }
            byte[] peer = name(0, columns.get(5), key.peerConnection());
            byte[] type = name(1, columns.get(6), key.type());
            byte[] reportId = name(2, columns.get(7), key.reportId());
            if (peer == null || type == null || reportId == null) {
                return;
            }
            byte[][] metrics = new byte[report.size()][];
            double[] values = new double[report.size()];
            int entries = 0;
            for (Map.Entry<String, Double> sample : report.entrySet()) {
                byte[] metric = name(3, metricName, sample.getKey());
                if (metric == null) {
                    continue;
                }
                if (!Double.isFinite(sample.getValue())) {
                    reject(new RejectedValue(metricName.name(), ValueCheck.NOT_FINITE));
                    continue;
                }
                metrics[entries] = metric;
                values[entries++] = sample.getValue();
            }
            if (entries == 0) {
                return;
            }
            RowBinary out = table.beginRow(index);
            out.raw(prefix);
            out.raw(peer);
            out.raw(type);
            out.raw(reportId);
            out.int64(timestamp);
            out.varint(entries);
            for (int i = 0; i < entries; i++) {
                out.raw(metrics[i]);
                out.float64(values[i]);
            }
            out.raw(version);
            table.endRow();
        }

        /** The encoded text of a name of {@code column}, or null (and a dead letter) when it is rejected. */
        private byte[] name(int kind, Column column, String text) {
            Map<String, byte[]> cache = names.get(kind);
            byte[] encoded = cache.get(text);
            if (encoded == null && !cache.containsKey(text)) {
                try {
                    TextValues.text(scratch, column, text, adjustments);
                    encoded = take();
                } catch (RejectedValue e) {
                    scratch.clear();
                    reject(e);
                }
                cache.put(text, encoded);
            }
            return encoded;
        }

        private void reject(RejectedValue e) {
            batch.deadLetter(index, SinkDeadLetterReason.INVALID_VALUE, e);
        }

        private byte[] take() {
            byte[] bytes = new byte[scratch.size()];
            System.arraycopy(scratch.array(), 0, bytes, 0, scratch.size());
            scratch.clear();
            return bytes;
        }
    }
}
