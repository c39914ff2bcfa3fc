package dev.rtcstats.pipeline.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSourceChannel;

/**
 * The body of an upload, read in chunks on a worker thread with a deadline and a size cap, so that neither a slow
 * nor a huge body holds the gateway longer or costs it more than configured. Nothing but the current chunk is held.
 */
final class UploadBody {
    /** The body did not arrive before the deadline. */
    static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut() {
            super("upload body not received in time");
        }
    }

    /** The body is larger than allowed. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("upload body larger than " + maxBytes + " bytes");
        }
    }

    /** The connection failed or the client went away before the body ended. */
    static final class Broken extends IOException {
        private static final long serialVersionUID = 1L;

        Broken(IOException cause) {
            super("upload body broken off: " + cause.getMessage(), cause);
        }
    }

    /** Where the bytes come from: reads into {@code into}, waiting at most {@code timeoutNanos}; 0 on timeout. */
    @FunctionalInterface
    interface Source {
        int read(ByteBuffer into, long timeoutNanos) throws IOException;
    }

    private static final int CHUNK_BYTES = 16 * 1024;

    private final Source source;
    private final long maxBytes;
    private final long deadlineNanos;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).flip();
    private long read;

    UploadBody(Source source, long maxBytes, long deadlineNanos) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
    }

    /** The request body of an exchange that is blocking on a worker thread. */
    static UploadBody of(StreamSourceChannel channel, long maxBytes, long deadlineNanos) {
        return new UploadBody(
                (into, timeoutNanos) -> Channels.readBlocking(channel, into, timeoutNanos, TimeUnit.NANOSECONDS),
                maxBytes,
                deadlineNanos);
    }

    /** The unread part of the current chunk, in read mode; empty once the body has ended. */
    ByteBuffer chunk() {
        return chunk;
    }

    /** Reads the next chunk once the current one is used up; false at the end of the body. */
    boolean fill() throws IOException {
        if (chunk.hasRemaining()) {
            return true;
        }
        chunk.clear();
        int count = 0;
        while (count == 0) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new TimedOut();
            }
            try {
                count = source.read(chunk, remaining);
            } catch (IOException e) {
                throw new Broken(e);
            }
        }
        chunk.flip();
        if (count < 0) {
            return false;
        }
        read += count;
        if (read > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        return true;
    }
}
