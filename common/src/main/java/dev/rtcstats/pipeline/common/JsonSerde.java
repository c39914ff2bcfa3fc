package dev.rtcstats.pipeline.common;

import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde that writes a record type as JSON with {@link Json#MAPPER}. */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public byte[] toBytes(T value) {
        try {
            return value == null ? null : Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new WireFormatException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    public T fromBytes(byte[] bytes) {
        try {
            return bytes == null ? null : Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new WireFormatException("not a " + type.getSimpleName() + " record: " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> fromBytes(bytes);
    }
}
