package dev.rtcstats.pipeline.console.dump;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Where the gzip dumps are read from. The caller has already checked that the key belongs to the analyst's tenant. */
public sealed interface DumpStore permits S3DumpStore, DumpStore.Disabled {

    /** The object, or empty when the store has no such key; the caller closes the stream. */
    Optional<Dump> open(String key) throws IOException;

    /** Whether this store can serve downloads at all. */
    boolean enabled();

    /** An open object and its length in bytes. */
    record Dump(InputStream content, long length) {}

    /** The store when no bucket is configured: the page offers no download. */
    record Disabled() implements DumpStore {
        @Override
        public Optional<Dump> open(String key) {
            return Optional.empty();
        }

        @Override
        public boolean enabled() {
            return false;
        }
    }
}
