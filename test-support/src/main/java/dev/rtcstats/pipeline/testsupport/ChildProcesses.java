package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/** Stopping the servers tests run as child processes, and removing their temporary directories. */
public final class ChildProcesses {
    private ChildProcesses() {}

    /** Asks the process to stop (SIGTERM) and kills it if it has not ended within {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Deletes a temporary directory tree; a leftover one is harmless, so failures are ignored. */
    public static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Nothing to do: the directory is under the temp dir.
        }
    }
}
