package edu.attendance.contracts;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every event record, the contracts' JSON (the producers' default in every service). */
public class JsonEventSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : JsonSerde.MAPPER.writeValueAsBytes(data);
    }
}
