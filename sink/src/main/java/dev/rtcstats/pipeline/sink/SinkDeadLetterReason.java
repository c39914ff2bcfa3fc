package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.DeadLetter;

/** Why the sink sent a record to {@code rtcstats.dead-letters.v1} (stages {@code sink-rows} and {@code sink-blobs}). */
enum SinkDeadLetterReason implements DeadLetter.Reason {
    /** The value is not a record of the topic's format (bad JSON, bad binary, missing fields, bad headers). */
    UNDECODABLE("undecodable"),
    /** A record of a format version this sink does not read. */
    UNSUPPORTED_FORMAT("unsupported-format"),
    /** A key value failed its check (sink/README.md); the record's other rows were inserted. */
    INVALID_VALUE("invalid-value"),
    /** ClickHouse refused the record's rows with a permanent error even after the batch was split down to it. */
    REJECTED_BY_CLICKHOUSE("rejected-by-clickhouse"),
    /** A dump chunk that does not continue its connection's dump; the connection's object is not written. */
    CHUNK_OUT_OF_SEQUENCE("chunk-out-of-sequence"),
    /** A connection id that cannot be an object key. */
    INVALID_CONNECTION_ID("invalid-connection-id"),
    /** The object store refused the dump with a permanent 4xx error. */
    REJECTED_BY_S3("rejected-by-s3");

    private final String token;

    SinkDeadLetterReason(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
