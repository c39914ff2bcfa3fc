package dev.rtcstats.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * CPU time and resident memory of other processes on this machine, summed and read from /proc, so that a JVM and a
 * Node.js server (a cluster primary and its worker) are measured the same way.
 */
record ProcessStats(List<Long> pids) {
    /** USER_HZ on Linux x86-64; /proc/<pid>/stat counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Comma-separated process ids, as given on the command line. */
    static ProcessStats parse(String pids) {
        return new ProcessStats(Arrays.stream(pids.split(","))
                .map(String::trim)
                .map(Long::parseLong)
                .toList());
    }

    /** User plus system CPU seconds the processes (all their threads) have consumed so far. */
    double cpuSeconds() throws IOException {
        double total = 0;
        for (long pid : pids) {
            total += cpuSeconds(pid);
        }
        return total;
    }

    /** Resident set size in bytes (VmRSS), summed. */
    double rssBytes() throws IOException {
        double total = 0;
        for (long pid : pids) {
            total += rssBytes(pid);
        }
        return total;
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name in field 2 may hold spaces; the fields after its closing parenthesis are fixed.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    private static double rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }
}
