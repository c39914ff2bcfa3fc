package dev.rtcstats.pipeline.enricher;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Puts every RocksDB store of the instance under one off-heap budget ({@link #MEMORY_BYTES_CONFIG}): a shared block
 * cache that also charges memtables, instead of RocksDB's default of about 50 MB per store and partition.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
    /** Streams property carrying the budget in bytes, from {@code ENRICHER_ROCKSDB_MEMORY_BYTES}. */
    public static final String MEMORY_BYTES_CONFIG = "rtcstats.enricher.rocksdb.memory.bytes";

    private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(Long.parseLong(String.valueOf(configs.get(MEMORY_BYTES_CONFIG)))));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process; they live as long as it.
    }

    private static synchronized Cache sharedCache(long budget) {
        if (cache == null) {
            cache = new LRUCache(budget, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager(budget / 2, cache);
        }
        return cache;
    }
}
