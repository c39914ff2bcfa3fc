package dev.rtcstats.pipeline.sink;

import java.io.IOException;

/** Puts one finished dump into object storage; returning means the object is durable. */
interface BlobStore {
    void put(GzipDump dump) throws IOException;
}
