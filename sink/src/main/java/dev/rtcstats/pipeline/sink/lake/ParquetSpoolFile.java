package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * A Parquet file being written in the local spool: ZSTD pages, dictionary encoding, row groups of a bounded size
 * (the writer holds at most one row group in memory). Nothing is visible in the bucket until it is closed and put.
 */
final class ParquetSpoolFile implements AutoCloseable {
    private final Path path;
    private final LakeSchema schema;
    private final ParquetWriter<Object[]> writer;
    private long rows;
    private boolean closed;

    ParquetSpoolFile(Path path, LakeSchema schema, long rowGroupBytes, int zstdLevel) throws IOException {
        this.path = path;
        this.schema = schema;
        this.writer = new Builder(new LocalOutputFile(path), schema)
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCodecFactory(new ZstdCodecFactory(zstdLevel))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(true)
                .withWriterVersion(WriterVersion.PARQUET_1_0)
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    void write(LakeRow row) throws IOException {
        writer.write(row.values());
        rows++;
    }

    /** Bytes written plus bytes buffered: what the file would take if it were closed now, roughly. */
    long bytes() {
        return writer.getDataSize();
    }

    long rows() {
        return rows;
    }

    Path path() {
        return path;
    }

    LakeSchema schema() {
        return schema;
    }

    /** Writes the last row group and the footer; the file is complete after this. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final LakeSchema schema;

        Builder(OutputFile file, LakeSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
            return new RowWriteSupport(schema);
        }

        /** Abstract in parquet-java, never called: the writer is built with a plain configuration. */
        @Override
        @SuppressWarnings("deprecation")
        protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
            return new RowWriteSupport(schema);
        }
    }
}
