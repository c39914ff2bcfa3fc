package dev.rtcstats.pipeline.common;

import java.util.Objects;

/**
 * Format version 1 of {@link Topics#SESSIONS}: what the pipeline knows about one closed connection. This is the
 * row of the reference's {@code "rtcstats-server"} table plus what the pipeline adds.
 *
 * @param connectionId     UUID of the connection; the blob is {@code <connectionId>.gz}
 * @param user             {@code rtcStats.user} claim, or null
 * @param conference       {@code rtcStats.conference} claim, or null
 * @param session          {@code rtcStats.session} claim, or null; reconnects share it
 * @param tenant           tenant claim, or null
 * @param gateway          host name of the gateway that accepted the connection
 * @param startTime        server time of the open, epoch ms
 * @param endTime          server time of the close (or of the inactivity timeout), epoch ms
 * @param messageCount     frames in the dump
 * @param closeCode        WebSocket close code; 1006 when the pipeline closed it after inactivity
 * @param closedBy         {@code "client"} when a close record arrived, {@code "timeout"} otherwise
 * @param userAgent        User-Agent of the upgrade request
 * @param origin           Origin of the upgrade request, or null
 * @param clientProtocol   the subprotocol the client offered
 * @param dumpBytes        size of the uncompressed dump
 * @param blobKey          object key of the gzip dump in the bucket
 * @param processingVersion version of the pipeline logic that produced this record; larger replaces smaller
 * @param featuresStatus   what became of the features and time series; null in records written before it existed
 * @param featuresReason   why they are not {@link FeaturesStatus#OK}: a lower-case token such as
 *                         {@code stats-ids-over-budget}, or null
 */
public record SessionRecord(
        int format,
        String connectionId,
        String user,
        String conference,
        String session,
        String tenant,
        String gateway,
        long startTime,
        long endTime,
        long messageCount,
        int closeCode,
        String closedBy,
        String userAgent,
        String origin,
        String clientProtocol,
        long dumpBytes,
        String blobKey,
        long processingVersion,
        FeaturesStatus featuresStatus,
        String featuresReason) {
    public static final int FORMAT = 1;

    public SessionRecord {
        Objects.requireNonNull(connectionId, "connectionId");
    }

    /** A record without a features status, as format 1 was first written. */
    public SessionRecord(
            int format,
            String connectionId,
            String user,
            String conference,
            String session,
            String tenant,
            String gateway,
            long startTime,
            long endTime,
            long messageCount,
            int closeCode,
            String closedBy,
            String userAgent,
            String origin,
            String clientProtocol,
            long dumpBytes,
            String blobKey,
            long processingVersion) {
        this(
                format,
                connectionId,
                user,
                conference,
                session,
                tenant,
                gateway,
                startTime,
                endTime,
                messageCount,
                closeCode,
                closedBy,
                userAgent,
                origin,
                clientProtocol,
                dumpBytes,
                blobKey,
                processingVersion,
                null,
                null);
    }

    /** The same record with the features outcome set. */
    public SessionRecord withFeatures(FeaturesStatus status, String reason) {
        return new SessionRecord(
                format,
                connectionId,
                user,
                conference,
                session,
                tenant,
                gateway,
                startTime,
                endTime,
                messageCount,
                closeCode,
                closedBy,
                userAgent,
                origin,
                clientProtocol,
                dumpBytes,
                blobKey,
                processingVersion,
                status,
                reason);
    }

    public long durationMillis() {
        return endTime - startTime;
    }
}
