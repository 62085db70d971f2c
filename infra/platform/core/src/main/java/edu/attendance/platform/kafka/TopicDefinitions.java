package edu.attendance.platform.kafka;

import edu.attendance.contracts.Topics;
import edu.attendance.platform.AttendanceProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates every topic of {@link Topics} with the configured partitions and replication (KafkaAdmin
 * creates missing ones at start-up and leaves existing ones alone).
 */
@Configuration(proxyBeanMethods = false)
public class TopicDefinitions {

    @Bean
    KafkaAdmin.NewTopics attendanceTopics(AttendanceProperties props) {
        short replication = props.kafka().replication();
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), props.kafka().partitions(), replication)
                        .configs(Topics.configFor(spec, replication)))
                .toArray(NewTopic[]::new));
    }

    /** Where there is a Kafka to wait for (not in a controller slice). */
    @Bean
    TopicsServed attendanceTopicsServed(ObjectProvider<KafkaAdmin> admin) {
        return new TopicsServed(admin.getIfAvailable(), Topics.ALL.stream().map(spec -> spec.name()).toList());
    }
}
