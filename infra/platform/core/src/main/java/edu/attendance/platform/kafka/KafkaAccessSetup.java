package edu.attendance.platform.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Gives each service its Kafka user on a cluster that is not run by an operator (the Compose file): a SCRAM-SHA-512
 * password per service and exactly the ACLs {@link KafkaAccess} lists — missing ones added, any other ACL of those users
 * removed. It signs in as the cluster's super user and exits; running it again changes nothing but the passwords'
 * salts. On Kubernetes Strimzi's {@code KafkaUser}s do the same.
 *
 * <p>Settings, from the environment: {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}; the super user's client settings as
 * {@code SPRING_KAFKA_PROPERTIES_*} (as every service takes its own, e.g. {@code SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG});
 * {@code ATTENDANCE_KAFKA_PASSWORD_INGEST}, {@code _STREAM}, {@code _DASHBOARD}, {@code _REPORTS} (at least 16
 * characters, no quote or backslash: each is written into a service's JAAS line); {@code ATTENDANCE_KAFKA_SETUP_WAIT}
 * (how long to wait for the cluster to answer, 300 seconds).
 */
public final class KafkaAccessSetup {

    /** Kafka's lower bound for SCRAM-SHA-512, as Strimzi uses: each sign-in pays for it once per connection. */
    static final int ITERATIONS = 4096;
    static final int MIN_PASSWORD = 16;
    static final String PASSWORD_PREFIX = "ATTENDANCE_KAFKA_PASSWORD_";

    private KafkaAccessSetup() {
    }

    public static void main(String[] args) {
        try {
            run(System.getenv(), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("kafka access: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("kafka access: " + e);
            System.exit(1);
        }
    }

    /** What one run did: users whose password was set, ACLs added and removed. */
    public record Outcome(List<String> users, int added, int removed) {
    }

    /** Applies the users and grants {@code env} describes (see the class comment). */
    public static Outcome run(Map<String, String> env, PrintStream out) throws Exception {
        Map<KafkaAccess.Service, String> passwords = passwords(env);
        Map<String, Object> admin = adminSettings(env);
        Duration wait = Duration.ofSeconds(Long.parseLong(env.getOrDefault("ATTENDANCE_KAFKA_SETUP_WAIT", "300")));
        try (Admin client = Admin.create(admin)) {
            awaitCluster(client, wait, out);
            Outcome outcome = apply(client, passwords);
            out.printf("kafka access: %d users' passwords set, %d ACLs added, %d removed%n", outcome.users().size(), outcome.added(),
                    outcome.removed());
            return outcome;
        }
    }

    /** Sets each service's password and makes its ACLs exactly {@link KafkaAccess#of}. */
    public static Outcome apply(Admin client, Map<KafkaAccess.Service, String> passwords) throws ExecutionException, InterruptedException {
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        passwords.forEach((service, password) -> credentials.add(new UserScramCredentialUpsertion(service.user(),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
        client.alterUserScramCredentials(credentials).all().get();

        Set<AclBinding> wanted = new HashSet<>();
        List<AclBindingFilter> stale = new ArrayList<>();
        for (KafkaAccess.Service service : passwords.keySet()) {
            wanted.addAll(KafkaAccess.of(service));
        }
        Set<AclBinding> present = new HashSet<>();
        for (KafkaAccess.Service service : passwords.keySet()) {
            AclBindingFilter mine = new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter("User:" + service.user(), null, AclOperation.ANY, AclPermissionType.ANY));
            for (AclBinding b : client.describeAcls(mine).values().get()) {
                if (wanted.contains(b)) {
                    present.add(b);
                } else {
                    stale.add(b.toFilter());
                }
            }
        }
        List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
        if (!missing.isEmpty()) {
            client.createAcls(missing).all().get();
        }
        int removed = 0;
        if (!stale.isEmpty()) {
            Collection<AclBinding> deleted = client.deleteAcls(stale).all().get();
            removed = deleted.size();
        }
        return new Outcome(passwords.keySet().stream().map(KafkaAccess.Service::user).sorted().toList(), missing.size(), removed);
    }

    /** Every service's password from {@code env}; refuses a missing, short or unquotable one, naming the variable only. */
    static Map<KafkaAccess.Service, String> passwords(Map<String, String> env) {
        Map<KafkaAccess.Service, String> passwords = new java.util.EnumMap<>(KafkaAccess.Service.class);
        List<String> problems = new ArrayList<>();
        for (KafkaAccess.Service service : KafkaAccess.Service.values()) {
            String name = PASSWORD_PREFIX + service.name();
            String password = env.get(name);
            if (password == null || password.isBlank()) {
                problems.add(name + " is not set");
            } else if (password.length() < MIN_PASSWORD) {
                problems.add(name + " is shorter than " + MIN_PASSWORD + " characters");
            } else if (password.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x21 || c > 0x7e)) {
                problems.add(name + " has a quote, a backslash, a space or a character outside printable ASCII");
            } else {
                passwords.put(service, password);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return passwords;
    }

    /** The super user's client: the bootstrap servers and every {@code SPRING_KAFKA_PROPERTIES_*} as a Kafka setting. */
    public static Map<String, Object> adminSettings(Map<String, String> env) {
        String bootstrap = env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("SPRING_KAFKA_BOOTSTRAP_SERVERS is not set");
        }
        Map<String, Object> settings = kafkaProperties(env);
        if (!settings.containsKey("sasl.jaas.config")) {
            throw new IllegalArgumentException("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG (the super user's sign-in) is not set");
        }
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "attendance-kafka-access");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return settings;
    }

    /**
     * The Kafka client settings a service's environment gives as {@code SPRING_KAFKA_PROPERTIES_*}, named as Spring Boot
     * binds them ({@code SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}).
     */
    public static Map<String, Object> kafkaProperties(Map<String, String> env) {
        Map<String, Object> settings = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("SPRING_KAFKA_PROPERTIES_")) {
                settings.put(k.substring("SPRING_KAFKA_PROPERTIES_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return settings;
    }

    /** Until the cluster answers (brokers start in any order beside this job) or {@code wait} has passed. */
    private static void awaitCluster(Admin client, Duration wait, PrintStream out) throws Exception {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try {
                int nodes = client.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
                out.printf("kafka access: the cluster answers (%d brokers)%n", nodes);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException a) {
                    throw new IllegalArgumentException("the super user's sign-in was refused: " + a.getMessage());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("no answer from the cluster within " + wait, e);
                }
                out.println("kafka access: waiting for the cluster (" + e.getClass().getSimpleName() + ")");
                Thread.sleep(2_000);
            }
        }
    }
}
