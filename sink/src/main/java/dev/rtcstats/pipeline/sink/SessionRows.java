package dev.rtcstats.pipeline.sink;

import static dev.rtcstats.pipeline.sink.ClickHouseValues.orEmpty;
import static dev.rtcstats.pipeline.sink.ClickHouseValues.utcMillis;

import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.SessionRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Maps a {@link SessionRecord} onto the {@code sessions} table of {@code 001_sessions.sql}. */
final class SessionRows {
    static final String TABLE = "sessions";
    private final UnaryOperator<String> blobUrl;

    SessionRows(UnaryOperator<String> blobUrl) {
        this.blobUrl = blobUrl;
    }

    Row toRow(SessionRecord session) {
        String key = session.blobKey() != null ? session.blobKey() : BlobKeys.forConnection(session.connectionId());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tenant", orEmpty(session.tenant()));
        values.put("conference", orEmpty(session.conference()));
        values.put("user", orEmpty(session.user()));
        values.put("session", orEmpty(session.session()));
        values.put("connection_id", session.connectionId());
        values.put("session_start", utcMillis(session.startTime()));
        values.put("session_end", utcMillis(session.endTime()));
        values.put("gateway", orEmpty(session.gateway()));
        values.put("message_count", session.messageCount());
        values.put("close_code", session.closeCode());
        values.put("closed_by", orEmpty(session.closedBy()));
        values.put("user_agent", orEmpty(session.userAgent()));
        values.put("origin", session.origin());
        values.put("client_protocol", orEmpty(session.clientProtocol()));
        values.put("dump_bytes", session.dumpBytes());
        values.put("blob_key", key);
        values.put("blob_url", blobUrl.apply(key));
        values.put("format", session.format());
        values.put("version", session.processingVersion());
        return new Row(TABLE, values);
    }
}
