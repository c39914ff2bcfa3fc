package dev.rtcstats.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of another process on this machine, read from /proc, so that a JVM and a Node.js
 * server are measured the same way.
 */
record ProcessStats(long pid) {
    /** USER_HZ on Linux x86-64; /proc/<pid>/stat counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** User plus system CPU seconds the process (all its threads) has consumed so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name in field 2 may hold spaces; the fields after its closing parenthesis are fixed.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** Resident set size in bytes (VmRSS). */
    double rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }
}
