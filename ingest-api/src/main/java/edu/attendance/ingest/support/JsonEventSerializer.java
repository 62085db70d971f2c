package edu.attendance.ingest.support;

import edu.attendance.contracts.JsonSerde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every event record: the contracts' JSON mapper. */
public class JsonEventSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : JsonSerde.MAPPER.writeValueAsBytes(data);
    }
}
