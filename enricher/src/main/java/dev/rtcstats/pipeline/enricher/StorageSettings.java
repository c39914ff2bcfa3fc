package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.util.Objects;

/**
 * Where the state stores live and what they may use off-heap.
 *
 * @param stateDir           directory of the RocksDB state stores ({@code ENRICHER_STATE_DIR})
 * @param rocksDbMemoryBytes off-heap budget shared by all RocksDB stores of the instance
 */
public record StorageSettings(String stateDir, long rocksDbMemoryBytes) {
    public StorageSettings {
        Objects.requireNonNull(stateDir, "stateDir");
        if (rocksDbMemoryBytes < 16L * 1024 * 1024) {
            throw new ConfigException(
                    "ENRICHER_ROCKSDB_MEMORY_BYTES must be at least 16777216, got " + rocksDbMemoryBytes);
        }
    }

    static StorageSettings fromEnv(Env env) {
        return new StorageSettings(
                env.string("ENRICHER_STATE_DIR", "/tmp/rtcstats-enricher"),
                env.longValue("ENRICHER_ROCKSDB_MEMORY_BYTES", 256L * 1024 * 1024, 16L * 1024 * 1024, Long.MAX_VALUE));
    }
}
