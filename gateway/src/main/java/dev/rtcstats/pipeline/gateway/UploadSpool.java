package dev.rtcstats.pipeline.gateway;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checked messages of one upload, on disk until the upload is complete, so that a large upload costs no heap
 * and its Kafka transaction stays open only for the time it takes to send, not for the time the client takes to
 * upload: consumers reading committed records wait behind an open transaction on its partition. Each entry is a
 * flag byte (1: not a JSON array, to be tagged), the length and the bytes. Closing deletes the file.
 */
final class UploadSpool implements AutoCloseable {
    private final Path file;
    private final DataOutputStream out;
    private long frames;

    UploadSpool(Path directory) throws IOException {
        this.file = Files.createTempFile(directory, "upload-", ".spool");
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024));
    }

    void append(byte[] bytes, int length, boolean malformed) throws IOException {
        out.writeByte(malformed ? 1 : 0);
        out.writeInt(length);
        out.write(bytes, 0, length);
        frames++;
    }

    long frames() {
        return frames;
    }

    /** Finishes writing and reads the entries back in order. */
    Reader read() throws IOException {
        out.close();
        return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024)));
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }

    /** The spooled messages, one at a time. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private byte[] bytes;
        private boolean malformed;

        private Reader(DataInputStream in) {
            this.in = in;
        }

        /** Moves to the next message; false after the last. */
        boolean next() throws IOException {
            int flag;
            try {
                flag = in.readByte();
            } catch (EOFException e) {
                return false;
            }
            malformed = flag == 1;
            bytes = in.readNBytes(in.readInt());
            return true;
        }

        byte[] bytes() {
            return bytes;
        }

        boolean malformed() {
            return malformed;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
