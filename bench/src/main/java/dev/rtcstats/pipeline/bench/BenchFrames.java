package dev.rtcstats.pipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** The frames the load generator sends: the lines of a recorded dump, or synthetic getStats deltas. */
final class BenchFrames {
    private BenchFrames() {}

    /** The frame lines of a dump file (no header, no metadata, no close), or none without a dump. */
    static List<String> dumpLines(String dump) throws IOException {
        if (dump == null) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(Path.of(dump), StandardCharsets.UTF_8);
        return lines.stream()
                .skip(2)
                .filter(l -> l.startsWith("[") && !l.startsWith("[\"close\""))
                .toList();
    }

    /** A frame from the dump, or a synthetic compressed getStats delta of 1-7 KB; both carry a match id. */
    static String frame(List<String> replay, long index, String id, Random random) {
        String marker = "\"benchId\":\"" + id + "\",\"sentAt\":" + System.currentTimeMillis();
        if (!replay.isEmpty()) {
            String line = replay.get((int) (index % replay.size()));
            return "[\"bench\",null,{" + marker + "}," + line + ",0]";
        }
        int size = 1024 + random.nextInt(6 * 1024);
        StringBuilder stats = new StringBuilder("[\"g\",\"PC_0\",{").append(marker);
        int report = 0;
        while (stats.length() < size) {
            stats.append(",\"IT01V")
                    .append(report++)
                    .append("\":{\"timestamp\":")
                    .append(1758602115670L + index)
                    .append(",\"bytesReceived\":")
                    .append(random.nextInt(1_000_000))
                    .append(",\"packetsReceived\":")
                    .append(random.nextInt(10_000))
                    .append(",\"jitter\":0.00")
                    .append(random.nextInt(100))
                    .append(",\"ssrc\":")
                    .append(random.nextInt(Integer.MAX_VALUE))
                    .append('}');
        }
        return stats.append("},1000]").toString();
    }
}
