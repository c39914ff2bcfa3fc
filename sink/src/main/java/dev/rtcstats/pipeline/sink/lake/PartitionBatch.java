package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The open files of one source partition since its committed offset {@code start}: one per table, tenant and day.
 * When a previous owner left an unfinished roll ({@code rollAt}), the batch rolls at exactly that offset and at no
 * other, so the files get the names the previous owner may already have stored.
 */
final class PartitionBatch {
    private final TopicPartition source;
    private final long start;
    private final OptionalLong rollAt;
    private final Map<FileKey, ParquetSpoolFile> files = new LinkedHashMap<>();
    private long next;
    private Instant firstRecordAt;

    private record FileKey(String table, String tenant, LocalDate date) {}

    PartitionBatch(TopicPartition source, long start, OptionalLong rollAt) {
        this.source = source;
        this.start = start;
        // A pin at or before the start is stale (its end was committed after all): ignore it.
        this.rollAt = rollAt.isPresent() && rollAt.getAsLong() > start ? rollAt : OptionalLong.empty();
        this.next = start;
    }

    long start() {
        return start;
    }

    boolean hasRecords() {
        return next > start;
    }

    boolean isPinned() {
        return rollAt.isPresent();
    }

    int openFiles() {
        return files.size();
    }

    /** This record lies past the pinned roll: roll first, then read it again. */
    boolean isPastPin(long offset) {
        return rollAt.isPresent() && offset >= rollAt.getAsLong();
    }

    void write(LakeRow row, SpoolDir spool, LakeConfig config) throws IOException {
        FileKey key = new FileKey(row.schema().table(), row.tenant(), row.date());
        ParquetSpoolFile file = files.get(key);
        if (file == null) {
            file = new ParquetSpoolFile(
                    spool.newFile(row.schema().table()), row.schema(), config.rowGroupBytes(), config.zstdLevel());
            files.put(key, file);
        }
        file.write(row);
    }

    void handled(long offset, Instant now) {
        next = Math.max(next, offset + 1);
        if (firstRecordAt == null) {
            firstRecordAt = now;
        }
    }

    /** Pinned: only at the pin. Otherwise at the roll interval after its first record, or at the size limit. */
    boolean isDue(Instant now, Duration interval, long rollBytes) {
        if (rollAt.isPresent()) {
            return next >= rollAt.getAsLong();
        }
        if (!hasRecords()) {
            return false;
        }
        if (!now.isBefore(firstRecordAt.plus(interval))) {
            return true;
        }
        return files.values().stream().anyMatch(file -> file.bytes() >= rollBytes);
    }

    /** Finishes every file and names it after the offset range; the batch is spent afterwards. */
    Roll close(LakeLayout layout) throws IOException {
        long end = rollAt.orElse(next);
        List<Roll.File> closed = new ArrayList<>(files.size());
        for (Map.Entry<FileKey, ParquetSpoolFile> entry : files.entrySet()) {
            FileKey key = entry.getKey();
            ParquetSpoolFile file = entry.getValue();
            file.close();
            closed.add(new Roll.File(
                    layout.key(key.table(), key.tenant(), key.date(), source, start, end),
                    key.table(),
                    file.path(),
                    file.rows(),
                    Files.size(file.path())));
        }
        files.clear();
        return new Roll(source, start, end, closed);
    }

    /** Drops the open files; their records are read again by whoever owns the partition next. */
    void discard() {
        for (ParquetSpoolFile file : files.values()) {
            try {
                file.close();
            } catch (IOException | RuntimeException e) {
                // A half-written spool file is deleted below whatever its state.
            }
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                // The next start removes the whole spool directory of this instance.
            }
        }
        files.clear();
    }

    long uncommitted() {
        return next - start;
    }
}
