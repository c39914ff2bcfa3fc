package dev.rtcstats.pipeline.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own spool directory: a fresh {@code instance-*} directory under the configured base, locked for
 * the life of the process. At start, the directories of earlier instances whose lock is free (their process is
 * gone) are removed; a directory locked by a live sink on the same host is never touched.
 */
final class SpoolDirectory implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolDirectory.class);
    private static final String LOCK = ".lock";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    static SpoolDirectory create(Path base) {
        try {
            Files.createDirectories(base);
            removeAbandoned(base);
            Path path = Files.createTempDirectory(base, "instance-");
            FileChannel channel =
                    FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new SpoolDirectory(path, channel, channel.lock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool directory under " + base, e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
            deleteTree(path);
        } catch (IOException e) {
            LOGGER.atWarn()
                    .addKeyValue("dir", path)
                    .addKeyValue("error", e.toString())
                    .log("spool not removed");
        }
    }

    private static void removeAbandoned(Path base) throws IOException {
        try (DirectoryStream<Path> instances = Files.newDirectoryStream(base, "instance-*")) {
            for (Path instance : instances) {
                if (abandoned(instance)) {
                    deleteTree(instance);
                    LOGGER.atInfo().addKeyValue("dir", instance).log("spool of a stopped sink removed");
                }
            }
        }
    }

    private static boolean abandoned(Path instance) {
        try (FileChannel channel = FileChannel.open(instance.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false;
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM: another sink instance in the same process
        } catch (IOException e) {
            // No lock file: abandoned unless another sink is creating it right now.
            try {
                return Files.getLastModifiedTime(instance)
                        .toInstant()
                        .isBefore(Instant.now().minusSeconds(60));
            } catch (IOException gone) {
                return false;
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
