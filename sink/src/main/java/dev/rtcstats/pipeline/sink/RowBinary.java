package dev.rtcstats.pipeline.sink;

import java.util.Arrays;

/**
 * A growable byte buffer that writes ClickHouse's RowBinary encoding: little-endian fixed-width numbers, LEB128
 * lengths, strings as length and bytes. It checks nothing; {@link Values} decides what may be written.
 */
final class RowBinary {
    private byte[] bytes;
    private int size;

    RowBinary(int capacity) {
        bytes = new byte[Math.max(capacity, 64)];
    }

    int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return bytes;
    }

    /** Forgets everything written after {@code position}, e.g. a row that was rejected halfway. */
    void truncate(int position) {
        size = position;
    }

    void clear() {
        size = 0;
    }

    void byteValue(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void fixed(long value, int width) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    void int64(long value) {
        fixed(value, 8);
    }

    void float64(double value) {
        fixed(Double.doubleToRawLongBits(value), 8);
    }

    void float32(float value) {
        fixed(Float.floatToRawIntBits(value), 4);
    }

    void varint(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[size++] = (byte) rest;
    }

    void raw(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    void raw(byte[] source) {
        raw(source, 0, source.length);
    }

    /** Reserves {@code length} bytes and returns their offset, for encoders that fill them in place. */
    int reserve(int length) {
        ensure(length);
        int at = size;
        size += length;
        return at;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
