package edu.attendance.platform.kafka;

import edu.attendance.contracts.Topics;
import edu.attendance.platform.AttendanceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The platform's topics ({@link Topics}) with the configured partitions and replication, created at start-up where
 * missing by {@link TopicsServed} — not handed to KafkaAdmin, which also <em>adds partitions</em> to an existing topic
 * that has fewer than configured: one instance started with another count would move every session's key to another
 * partition, away from the stream state that holds the session.
 */
@Configuration(proxyBeanMethods = false)
public class TopicDefinitions {

    /** Where there is a Kafka to talk to (not in a controller slice). */
    @Bean
    TopicsServed attendanceTopicsServed(ObjectProvider<KafkaAdmin> admin, AttendanceProperties props) {
        short replication = props.kafka().replication();
        return new TopicsServed(admin.getIfAvailable(), Topics.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), props.kafka().partitions(), replication)
                        .configs(Topics.configFor(spec, replication)))
                .toList());
    }
}
