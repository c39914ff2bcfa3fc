package dev.rtcstats.pipeline.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an {@link UploadBody} into lines at {@code \n} (a {@code \r} before it is dropped), as the reference does,
 * holding at most one line of {@code maxLineBytes}. A last line without a newline is a line too.
 */
final class LineReader {
    /** A line is longer than allowed; {@link #line()} holds its first {@code maxLineBytes} bytes. */
    static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLong(int maxLineBytes) {
            super("line longer than " + maxLineBytes + " bytes");
        }
    }

    private final UploadBody body;
    private final int maxLineBytes;
    private byte[] line = new byte[4096];
    private int length;

    LineReader(UploadBody body, int maxLineBytes) {
        this.body = body;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false when the body has ended and nothing is left. */
    boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (body.fill()) {
            any = true;
            ByteBuffer chunk = body.chunk();
            byte[] array = chunk.array();
            int start = chunk.arrayOffset() + chunk.position();
            int end = chunk.arrayOffset() + chunk.limit();
            int newline = start;
            while (newline < end && array[newline] != '\n') {
                newline++;
            }
            append(array, start, newline - start);
            if (newline < end) {
                chunk.position(newline + 1 - chunk.arrayOffset());
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
            chunk.position(chunk.limit());
        }
        return any;
    }

    private void append(byte[] source, int offset, int count) throws LineTooLong {
        int room = maxLineBytes - length;
        if (count > room) {
            ensure(maxLineBytes);
            System.arraycopy(source, offset, line, length, room);
            length = maxLineBytes;
            throw new LineTooLong(maxLineBytes);
        }
        ensure(length + count);
        System.arraycopy(source, offset, line, length, count);
        length += count;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(capacity, line.length * 2)));
        }
    }

    /** The current line's bytes, valid up to {@link #length()} until the next call of {@link #next()}. */
    byte[] line() {
        return line;
    }

    int length() {
        return length;
    }

    /** A copy of the current line. */
    byte[] copy() {
        return Arrays.copyOf(line, length);
    }

    boolean is(byte[] expected) {
        return expected.length == length && Arrays.equals(line, 0, length, expected, 0, length);
    }

    String text() {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}
