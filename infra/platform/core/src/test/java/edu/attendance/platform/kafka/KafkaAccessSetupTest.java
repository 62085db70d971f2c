package edu.attendance.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaAccessSetupTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        for (KafkaAccess.Service s : KafkaAccess.Service.values()) {
            env.put(KafkaAccessSetup.PASSWORD_PREFIX + s.name(), s.name().toLowerCase() + "-0123456789abcdef");
        }
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092");
        env.put("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "x required;");
        env.put("PATH", "/usr/bin");
        return env;
    }

    @Test
    void everyServiceGetsItsOwnPassword() {
        Map<KafkaAccess.Service, String> passwords = KafkaAccessSetup.passwords(env());
        assertThat(passwords).hasSize(KafkaAccess.Service.values().length)
                .containsEntry(KafkaAccess.Service.STREAM, "stream-0123456789abcdef");
    }

    @Test
    void refusesMissingShortAndUnquotablePasswordsNamingOnlyTheVariables() {
        Map<String, String> env = env();
        env.remove("ATTENDANCE_KAFKA_PASSWORD_INGEST");
        env.put("ATTENDANCE_KAFKA_PASSWORD_STREAM", "short-secret");
        env.put("ATTENDANCE_KAFKA_PASSWORD_DASHBOARD", "0123456789abcdef\"x");
        env.put("ATTENDANCE_KAFKA_PASSWORD_REPORTS", "0123456789abcdef x");
        assertThatThrownBy(() -> KafkaAccessSetup.passwords(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ATTENDANCE_KAFKA_PASSWORD_INGEST is not set")
                .hasMessageContaining("ATTENDANCE_KAFKA_PASSWORD_STREAM is shorter than 16")
                .hasMessageContaining("ATTENDANCE_KAFKA_PASSWORD_DASHBOARD has a quote")
                .hasMessageContaining("ATTENDANCE_KAFKA_PASSWORD_REPORTS has a quote")
                .hasMessageNotContaining("short-secret").hasMessageNotContaining("0123456789abcdef");
    }

    @Test
    void theSuperUsersClientTakesTheSpringKafkaPropertiesAsTheServicesDo() {
        Map<String, Object> settings = KafkaAccessSetup.adminSettings(env());
        assertThat(settings).containsEntry("bootstrap.servers", "kafka-1:9092").containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN").containsEntry("sasl.jaas.config", "x required;").doesNotContainKey("path");
    }

    @Test
    void refusesToRunWithoutTheClusterOrTheSuperUsersSignIn() {
        Map<String, String> noServers = env();
        noServers.remove("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> KafkaAccessSetup.adminSettings(noServers)).hasMessageContaining("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        Map<String, String> noSignIn = env();
        noSignIn.remove("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
        assertThatThrownBy(() -> KafkaAccessSetup.adminSettings(noSignIn)).hasMessageContaining("SASL_JAAS_CONFIG");
    }
}
