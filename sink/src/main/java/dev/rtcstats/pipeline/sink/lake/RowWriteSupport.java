package dev.rtcstats.pipeline.sink.lake;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes {@link LakeRow} values column by column; a null in a nullable column is simply not written. */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final LakeSchema schema;
    private final List<LakeColumn> columns;
    private RecordConsumer consumer;

    RowWriteSupport(LakeSchema schema) {
        this.schema = schema;
        this.columns = schema.columns();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema.messageType(), Map.of("rtcstats.table", schema.table()));
    }

    /** Abstract in parquet-java, never called: the lake builds its writers with a plain configuration. */
    @Override
    @SuppressWarnings("deprecation")
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema.messageType(), Map.of("rtcstats.table", schema.table()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] values) {
        consumer.startMessage();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            LakeColumn column = columns.get(i);
            if (value == null) {
                if (!column.nullable()) {
                    throw new IllegalArgumentException(schema.table() + "." + column.name() + " must not be null");
                }
                continue;
            }
            consumer.startField(column.name(), i);
            switch (column.type()) {
                case STRING -> consumer.addBinary(Binary.fromString((String) value));
                case INT64, TIMESTAMP_MILLIS -> consumer.addLong((Long) value);
                case DOUBLE -> consumer.addDouble((Double) value);
                case BOOLEAN -> consumer.addBoolean((Boolean) value);
            }
            consumer.endField(column.name(), i);
        }
        consumer.endMessage();
    }
}
