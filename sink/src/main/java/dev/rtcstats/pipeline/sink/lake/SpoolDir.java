package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own directory under the lake spool root, held with a file lock so that several sinks can share
 * a root. Directories whose lock is free belong to instances that ended; their files were never committed, so they
 * are deleted at start.
 */
final class SpoolDir implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolDir.class);
    private static final String LOCK = ".lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long sequence;

    private SpoolDir(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static SpoolDir open(Path root) throws IOException {
        Files.createDirectories(root);
        removeAbandoned(root);
        Path dir = Files.createDirectory(root.resolve("instance-" + UUID.randomUUID()));
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new SpoolDir(dir, channel, channel.lock());
    }

    Path newFile(String table) {
        return dir.resolve(table + "-" + sequence++ + ".parquet");
    }

    Path path() {
        return dir;
    }

    /** Releases the lock; with {@code deleteFiles} false (a simulated crash) the files stay for the next start. */
    void close(boolean deleteFiles) {
        try {
            lock.release();
            lockChannel.close();
            if (deleteFiles) {
                deleteTree(dir);
            }
        } catch (IOException e) {
            LOGGER.atWarn()
                    .addKeyValue("dir", dir)
                    .addKeyValue("error", e.getMessage())
                    .log("cannot clean spool");
        }
    }

    @Override
    public void close() {
        close(true);
    }

    private static void removeAbandoned(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path candidate : dirs.filter(
                            path -> path.getFileName().toString().startsWith("instance-"))
                    .toList()) {
                if (isAbandoned(candidate)) {
                    LOGGER.atInfo().addKeyValue("dir", candidate).log("removing the spool of an ended instance");
                    deleteTree(candidate);
                }
            }
        }
    }

    private static boolean isAbandoned(Path candidate) throws IOException {
        Path lockFile = candidate.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false;
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // Held by another instance in this JVM.
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
