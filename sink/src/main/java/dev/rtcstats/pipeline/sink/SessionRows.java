package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Maps a {@link SessionRecord} onto the {@code sessions} table (001_sessions.sql, 005_sessions_features_status.sql):
 * one field per column, written in
 * the table's column order; columns without a field keep their defaults. A connection without frames has no object
 * in the bucket, so its {@code blob_key} and {@code blob_url} stay empty.
 */
final class SessionRows implements RowEncoder {
    static final String TABLE = "sessions";
    private static final JsonSerde<SessionRecord> SERDE = new JsonSerde<>(SessionRecord.class);

    private final TableSchema schema;
    private final List<Field<SessionRecord>> fields;
    private final Values.Adjustments adjustments;

    SessionRows(TableSchema table, UnaryOperator<String> blobUrl, Values.Adjustments adjustments) {
        Map<String, Field<SessionRecord>> all = new LinkedHashMap<>();
        all.put("tenant", Field.text(SessionRecord::tenant));
        all.put("conference", Field.text(SessionRecord::conference));
        all.put("user", Field.text(SessionRecord::user));
        all.put("session", Field.text(SessionRecord::session));
        all.put("connection_id", Field.text(SessionRecord::connectionId));
        all.put("session_start", Field.time(SessionRecord::startTime));
        all.put("session_end", Field.time(SessionRecord::endTime));
        all.put("gateway", Field.text(SessionRecord::gateway));
        all.put("message_count", Field.integer(SessionRecord::messageCount));
        all.put("close_code", Field.integer(SessionRecord::closeCode));
        all.put("closed_by", Field.text(SessionRecord::closedBy));
        all.put("user_agent", Field.text(SessionRecord::userAgent));
        all.put("origin", Field.text(SessionRecord::origin));
        all.put("client_protocol", Field.text(SessionRecord::clientProtocol));
        all.put("dump_bytes", Field.integer(SessionRecord::dumpBytes));
        all.put("blob_key", Field.text(s -> s.blobKey() == null ? "" : s.blobKey()));
        all.put("blob_url", Field.text(s -> s.blobKey() == null ? "" : blobUrl.apply(s.blobKey())));
        all.put("format", Field.integer(SessionRecord::format));
        all.put("version", Field.integer(SessionRecord::processingVersion));
        all.put(
                "features_status",
                Field.text(s ->
                        s.featuresStatus() == null ? "" : s.featuresStatus().token()));
        all.put("features_reason", Field.text(s -> s.featuresReason() == null ? "" : s.featuresReason()));
        this.schema = table.only(all);
        this.fields = schema.columns().stream().map(c -> all.get(c.name())).toList();
        this.adjustments = adjustments;
    }

    @Override
    public void encode(ConsumerRecord<byte[], byte[]> record, int index, RowBatch batch) {
        SessionRecord session = SERDE.fromBytes(record.value());
        RowEncoder.requireFormat(session.format(), SessionRecord.FORMAT);
        TableBatch table = batch.table(schema);
        RowBinary out = table.beginRow(index);
        try {
            for (int i = 0; i < fields.size(); i++) {
                fields.get(i).write(out, schema.columns().get(i), session, adjustments);
            }
            table.endRow();
        } catch (RejectedValue e) {
            table.abortRow();
            batch.deadLetter(index, SinkDeadLetterReason.INVALID_VALUE, e);
        }
    }
}
