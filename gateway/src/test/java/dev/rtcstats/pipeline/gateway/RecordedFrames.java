package dev.rtcstats.pipeline.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The frames of the recorded Chromium dump ({@code bench/data/chromium-loopback.rtcstats}, or the file named by
 * {@code -Drtcstats.bench.dump}) as the bytes a client sends, for the benchmarks.
 */
final class RecordedFrames {
    private RecordedFrames() {}

    /** {@code count} frames: the recorded ones in order, as often as needed. */
    static byte[][] cycled(int count) {
        byte[][] recorded = load();
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            frames[i] = recorded[i % recorded.length];
        }
        return frames;
    }

    static byte[][] load() {
        Path dump = Path.of(System.getProperty("rtcstats.bench.dump", "bench/data/chromium-loopback.rtcstats"));
        if (!Files.exists(dump)) {
            dump = Path.of("..").resolve(dump);
        }
        try {
            List<String> lines = Files.readAllLines(dump, StandardCharsets.UTF_8);
            return lines.subList(2, lines.size()).stream()
                    .filter(line -> line.startsWith("[") && !line.startsWith("[\"close\""))
                    .map(line -> line.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root, or set -Drtcstats.bench.dump", e);
        }
    }
}
