package dev.rtcstats.pipeline.sink.lake;

import dev.rtcstats.pipeline.common.StatsSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Writes one time-series file to the given path and returns its size; run by {@link LakeWithoutHadoopTest}. */
public final class WriteWithoutHadoop implements Function<String, Long> {
    @Override
    public Long apply(String path) {
        StatsSeries series = new StatsSeries(
                StatsSeries.FORMAT,
                "c-1",
                null,
                "room",
                "s",
                "acme",
                0,
                1,
                List.of(new StatsSeries.Sample("PC_0", "r", "candidate-pair", "currentRoundTripTime", 0, 0.05)));
        try (ParquetSpoolFile file = new ParquetSpoolFile(Path.of(path), StatsTable.SCHEMA, 1024 * 1024, 3)) {
            for (LakeRow row : StatsTable.rows(series)) {
                file.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.size(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
