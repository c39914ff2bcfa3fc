package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The closed files of one source partition's offset range {@code [start, end)}, on their way to the bucket. It is
 * done when every file is stored and {@code end} is committed; {@code uploaded} lets a retry skip files already
 * stored.
 */
final class Roll {
    /** One finished spool file and the key it goes to. */
    record File(String key, String table, Path path, long rows, long bytes) {}

    private final TopicPartition source;
    private final long start;
    private final long end;
    private final List<File> files;
    private int uploaded;

    Roll(TopicPartition source, long start, long end, List<File> files) {
        if (end < start) {
            throw new IllegalArgumentException("a roll ends before it starts: " + start + ".." + end);
        }
        this.source = source;
        this.start = start;
        this.end = end;
        this.files = List.copyOf(files);
    }

    TopicPartition source() {
        return source;
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    List<File> files() {
        return files;
    }

    /** The next file to upload, or null when all are stored. */
    File nextUpload() {
        return uploaded < files.size() ? files.get(uploaded) : null;
    }

    void uploadedOne() {
        uploaded++;
    }

    void deleteFiles() throws IOException {
        for (File file : files) {
            Files.deleteIfExists(file.path());
        }
    }
}
