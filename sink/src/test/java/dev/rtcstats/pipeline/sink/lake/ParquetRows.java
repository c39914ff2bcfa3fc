package dev.rtcstats.pipeline.sink.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Reads lake files back with parquet-java: each row as column → String, Long, Double, Boolean or null. */
public final class ParquetRows {
    private ParquetRows() {}

    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(values(records.read(), schema));
                }
            }
        }
        return rows;
    }

    public static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            return reader.getFooter();
        }
    }

    private static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(
                new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration())
                        .withCodecFactory(new ZstdCodecFactory(3))
                        .build());
    }

    private static Map<String, Object> values(Group group, MessageType schema) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            Type field = schema.getType(i);
            if (group.getFieldRepetitionCount(i) == 0) {
                row.put(field.getName(), null);
                continue;
            }
            PrimitiveType.PrimitiveTypeName type = field.asPrimitiveType().getPrimitiveTypeName();
            row.put(
                    field.getName(),
                    switch (type) {
                        case BINARY -> group.getString(i, 0);
                        case INT64 -> group.getLong(i, 0);
                        case DOUBLE -> group.getDouble(i, 0);
                        case BOOLEAN -> group.getBoolean(i, 0);
                        default -> throw new IllegalStateException("the lake writes no " + type);
                    });
        }
        return row;
    }
}
