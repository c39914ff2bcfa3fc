package dev.rtcstats.pipeline.sink.lake;

import static dev.rtcstats.pipeline.sink.lake.LakeColumn.nullable;
import static dev.rtcstats.pipeline.sink.lake.LakeColumn.required;
import static dev.rtcstats.pipeline.sink.lake.LakeType.INT64;
import static dev.rtcstats.pipeline.sink.lake.LakeType.STRING;
import static dev.rtcstats.pipeline.sink.lake.LakeType.TIMESTAMP_MILLIS;
import static dev.rtcstats.pipeline.sink.lake.StatsTable.orEmpty;

import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.SessionRecord;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@link SessionRecord} as a {@code sessions} row: the columns of ClickHouse's {@code sessions}
 * ({@code 001_sessions.sql}) except the insert time. A change of the record format changes this class only.
 */
final class SessionsTable {
    static final LakeSchema SCHEMA = new LakeSchema(
            "sessions",
            List.of(
                    required("tenant", STRING),
                    required("conference", STRING),
                    required("user", STRING),
                    required("session", STRING),
                    required("connection_id", STRING),
                    required("session_start", TIMESTAMP_MILLIS),
                    required("session_end", TIMESTAMP_MILLIS),
                    required("gateway", STRING),
                    required("message_count", INT64),
                    required("close_code", INT64),
                    required("closed_by", STRING),
                    required("user_agent", STRING),
                    nullable("origin", STRING),
                    required("client_protocol", STRING),
                    required("dump_bytes", INT64),
                    required("blob_key", STRING),
                    required("blob_url", STRING),
                    required("format", INT64),
                    required("version", INT64)));

    private final UnaryOperator<String> blobUrl;

    /** @param blobUrl the sink's {@code blob_url} of an object key, so both stores hold the same URL */
    SessionsTable(UnaryOperator<String> blobUrl) {
        this.blobUrl = blobUrl;
    }

    LakeRow row(SessionRecord session) {
        String key = session.blobKey() != null ? session.blobKey() : BlobKeys.forConnection(session.connectionId());
        String tenant = orEmpty(session.tenant());
        return new LakeRow(SCHEMA, tenant, LakeRow.day(session.startTime()), new Object[] {
            tenant,
            orEmpty(session.conference()),
            orEmpty(session.user()),
            orEmpty(session.session()),
            session.connectionId(),
            session.startTime(),
            session.endTime(),
            orEmpty(session.gateway()),
            session.messageCount(),
            (long) session.closeCode(),
            orEmpty(session.closedBy()),
            orEmpty(session.userAgent()),
            session.origin(),
            orEmpty(session.clientProtocol()),
            session.dumpBytes(),
            key,
            blobUrl.apply(key),
            (long) session.format(),
            session.processingVersion()
        });
    }
}
