package dev.rtcstats.pipeline.sink;

import java.nio.file.Path;
import java.util.Map;

/**
 * A connection's dump, gzip-compressed in a local file and ready to upload.
 *
 * @param sha256     hex SHA-256 of the uncompressed dump, stored as object metadata for replay checks
 * @param dumpBytes  size of the uncompressed dump
 */
record GzipDump(String connectionId, String key, Path file, long compressedBytes, long dumpBytes, String sha256) {
    Map<String, String> metadata() {
        return Map.of("sha256", sha256, "dump-bytes", Long.toString(dumpBytes), "connection-id", connectionId);
    }
}
