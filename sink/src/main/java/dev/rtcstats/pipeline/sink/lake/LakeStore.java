package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.nio.file.Path;

/** Puts one finished Parquet file into object storage under its key; returning means the object is durable. */
@FunctionalInterface
public interface LakeStore {
    void put(String key, Path file) throws IOException;
}
