package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.common.BlobKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The chunks of one connection received so far, appended to a local file so a large dump never sits in memory.
 * The file is opened only while a chunk is written: thousands of interleaved connections hold no descriptors.
 */
final class DumpSpool implements AutoCloseable {
    private final String connectionId;
    private final Path raw;
    private final MessageDigest digest;
    private int nextIndex;
    private long bytes;

    DumpSpool(Path directory, String connectionId) throws IOException {
        this.connectionId = connectionId;
        this.raw = Files.createTempFile(directory, "dump-", ".raw");
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    int nextIndex() {
        return nextIndex;
    }

    void append(byte[] chunk) throws IOException {
        try (OutputStream out = Files.newOutputStream(raw, StandardOpenOption.APPEND)) {
            out.write(chunk);
        }
        digest.update(chunk);
        bytes += chunk.length;
        nextIndex++;
    }

    /**
     * Compresses the spooled dump. {@link GZIPOutputStream} writes a fixed header (no name, mtime 0), so the same
     * dump always gives the same bytes and a replay overwrites the object with identical content.
     */
    GzipDump finish() throws IOException {
        Path gz = raw.resolveSibling(raw.getFileName().toString().replace(".raw", ".gz"));
        try (InputStream in = Files.newInputStream(raw);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
            in.transferTo(out);
        }
        Files.deleteIfExists(raw);
        return new GzipDump(
                connectionId,
                BlobKeys.forConnection(connectionId),
                gz,
                Files.size(gz),
                bytes,
                HexFormat.of().formatHex(digest.digest()));
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(raw);
    }
}
