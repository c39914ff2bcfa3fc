package dev.rtcstats.pipeline.enricher.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wall time, this process's CPU time and the Kafka Streams threads' CPU time from a start. The stream threads are read
 * every 100 ms and at the report, so that threads which end before it (a replay's) still count up to their last
 * reading; threads that start later count from zero.
 */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long wallNanos = System.nanoTime();
    private final long processCpuNanos = processCpu();
    private final Map<Long, Long> firstReading = streamThreads();
    private final Map<Long, Long> lastReading = new ConcurrentHashMap<>(firstReading);
    private final Thread sampler =
            Thread.ofPlatform().daemon().name("cpu-clock").start(this::sample);

    static CpuClock start() {
        return new CpuClock();
    }

    /** One line: wall and CPU seconds, frames and records a second, frames per CPU-second of both CPU figures. */
    String report(String what, long frames, long records) {
        double wall = (System.nanoTime() - wallNanos) / 1e9;
        double process = (processCpu() - processCpuNanos) / 1e9;
        sampler.interrupt();
        lastReading.putAll(streamThreads());
        double stream = 0;
        for (Map.Entry<Long, Long> thread : lastReading.entrySet()) {
            stream += (thread.getValue() - firstReading.getOrDefault(thread.getKey(), 0L)) / 1e9;
        }
        return String.format(
                Locale.ROOT,
                "%s: %.1f s wall, %.1f CPU-s process (%.1f of it stream threads); %.0f frames/s, %.0f records/s;"
                        + " %.0f frames per CPU-second of the process, %.0f per CPU-second of the stream threads",
                what,
                wall,
                process,
                stream,
                frames / wall,
                records / wall,
                frames / process,
                frames / stream);
    }

    private void sample() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                lastReading.putAll(streamThreads());
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<Long, Long> streamThreads() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
