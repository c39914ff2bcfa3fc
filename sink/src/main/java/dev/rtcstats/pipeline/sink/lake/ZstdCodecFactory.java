package dev.rtcstats.pipeline.sink.lake;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD pages through zstd-jni directly. parquet-java's own codec factory goes through Hadoop's codec classes; this
 * one keeps Hadoop off the run-time class path. Only ZSTD is offered, for writing and for reading back.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {
    private final int level;

    ZstdCodecFactory(int level) {
        this.level = level;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        requireZstd(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(Zstd.compress(bytes.toInputStream().readAllBytes(), level));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.ZSTD;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        requireZstd(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(Zstd.decompress(bytes.toInputStream().readAllBytes(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
                byte[] compressed = new byte[compressedSize];
                input.get(compressed);
                output.put(Zstd.decompress(compressed, uncompressedSize));
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}

    private static void requireZstd(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("the lake writes and reads ZSTD only, not " + codec);
        }
    }
}
