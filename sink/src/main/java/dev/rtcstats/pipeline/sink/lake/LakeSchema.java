package dev.rtcstats.pipeline.sink.lake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/** The columns of one lake table, in file order, and their Parquet message type. */
record LakeSchema(String table, List<LakeColumn> columns) {
    LakeSchema {
        if (table == null || !table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a lake table name is snake_case, got '" + table + "'");
        }
        columns = List.copyOf(columns);
        if (columns.stream().map(LakeColumn::name).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("duplicate column in lake table " + table);
        }
    }

    MessageType messageType() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (LakeColumn column : columns) {
            Repetition repetition = column.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            switch (column.type()) {
                case STRING ->
                    message.primitive(PrimitiveTypeName.BINARY, repetition)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(column.name());
                case INT64 ->
                    message.primitive(PrimitiveTypeName.INT64, repetition).named(column.name());
                case DOUBLE ->
                    message.primitive(PrimitiveTypeName.DOUBLE, repetition).named(column.name());
                case BOOLEAN ->
                    message.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(column.name());
                case TIMESTAMP_MILLIS ->
                    message.primitive(PrimitiveTypeName.INT64, repetition)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                            .named(column.name());
            }
        }
        return message.named(table);
    }

    /** Column name to position, for mappers that fill rows by name. */
    Map<String, Integer> positions() {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
        return positions;
    }
}
