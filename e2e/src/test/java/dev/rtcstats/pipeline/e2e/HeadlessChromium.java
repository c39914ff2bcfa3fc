package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.testsupport.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's Chromium as a headless child process with fake media devices, killed (with its helpers) on close. */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    final Path log;

    private HeadlessChromium(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Opens {@code url}; fails, rather than skips, when Chromium is not installed. */
    static HeadlessChromium open(String url, Path workDir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: the browser end-to-end test needs Debian's Chromium "
                    + "(apt-get install chromium)");
        }
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        Path log = workDir.resolve("chromium.log");
        // The background-networking flags keep Chromium from calling home, which floods a closed network.
        Process process = new ProcessBuilder(List.of(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream",
                        "--user-data-dir=" + profile,
                        url))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new HeadlessChromium(process, log);
    }

    @Override
    public void close() {
        List<ProcessHandle> helpers = process.descendants().toList();
        ChildProcesses.stop(process, Duration.ofSeconds(5));
        helpers.forEach(ProcessHandle::destroyForcibly);
    }
}
