package edu.attendance.contracts;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.Map;

/**
 * One Kafka topic: its name, how its keys and values are written, and its configuration (partitions and replication
 * come from the deployment). Producers, the topology and the sinks take the serdes from here, so a topic's value type
 * is stated once and a producer cannot send another type to it.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueType, Map<String, String> config) {

    public Topic {
        config = Map.copyOf(config);
    }

    /** A topic keyed by session id (everything about one session on one partition), with JSON values of {@code type}. */
    public static <V> Topic<String, V> bySession(String name, Class<V> type, Map<String, String> config) {
        return new Topic<>(name, Serdes.String(), JsonSerde.of(type), type, config);
    }

    @Override
    public String toString() {
        return name;
    }
}
