package edu.attendance.systemtests.deployment;

import edu.attendance.platform.kafka.KafkaAccess;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files in {@code infra/deploy/compose} and {@code infra/deploy/k8s} parse, and hold to what docs/operations.md promises of
 * them: every secret from the environment or a Secret, never a value in the file; probes on the services' health;
 * the stream processor's static group id from its pod name; every manifest listed in the kustomization; the ingress
 * and nginx route the same paths. (The Compose file was also checked with {@code docker-compose config}; no cluster
 * ran them here — see docs/operations.md.)
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY)$");

    @Test
    void composeTakesEverySecretFromTheEnvironment() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("compose/compose.yaml")).getFirst();
        Map<String, Map<String, Object>> services = cast(compose.get("services"));
        assertThat(services).containsKeys("kafka-1", "kafka-2", "kafka-3", "keeper-1", "keeper-2", "keeper-3", "ch-s1-r1", "ch-s1-r2",
                "ch-s2-r1", "ch-s2-r2", "postgres", "ingest-api-1", "ingest-api-2", "stream-processor-1", "stream-processor-2", "dashboard",
                "batch-reports", "nginx", "kafka-access", "kafka-certs");
        int secrets = 0;
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            Map<String, Object> env = cast(s.getValue().getOrDefault("environment", Map.of()));
            for (Map.Entry<String, Object> e : env.entrySet()) {
                if (SECRET_NAME.matcher(e.getKey()).matches() && !e.getKey().endsWith("_KEY_FILE")) {
                    assertThat(String.valueOf(e.getValue())).as("%s %s", s.getKey(), e.getKey()).startsWith("${");
                    secrets++;
                }
            }
        }
        assertThat(secrets).isGreaterThan(10);
        // a sign-in line carries its password from the environment too
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            Map<String, Object> env = cast(s.getValue().getOrDefault("environment", Map.of()));
            env.forEach((k, v) -> {
                if (k.endsWith("SASL_JAAS_CONFIG") && String.valueOf(v).contains("password=")) {
                    assertThat(String.valueOf(v)).as("%s %s", s.getKey(), k).containsPattern("password=\"\\$\\{[A-Z_]+(:\\?[^}]*)?}\"");
                }
            });
        }
        Map<String, Object> ingest2 = cast(services.get("ingest-api-2").get("environment"));
        assertThat(ingest2).containsEntry("ATTENDANCE_CAPTURE_CLAIMS", "DATABASE").containsEntry("ATTENDANCE_CLICKHOUSE_CLUSTER", "attendance");
        assertThat(Files.readString(ROOT.resolve("compose/.env.example"))).doesNotContainPattern("(?m)^(POSTGRES|CLICKHOUSE|KAFKA_[A-Z]+)_PASSWORD=.+")
                .containsPattern("(?m)^KAFKA_ADMIN_PASSWORD=$");
    }

    /**
     * Both deployments run under the production profile (which refuses the demo's sign-in, no sign-in method, no named
     * admin), carry the sign-in settings as placeholders to fill in, never turn the demo's sign-in on, trust only their
     * own proxy's X-Forwarded-For, and that proxy overwrites the header instead of appending to what a client sent.
     */
    @Test
    void bothDeploymentsAreProductionWithSignInToFillIn() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("compose/compose.yaml")).getFirst();
        Map<String, Map<String, Object>> services = cast(compose.get("services"));
        for (String service : List.of("ingest-api-1", "ingest-api-2", "stream-processor-1", "dashboard", "batch-reports")) {
            Map<String, Object> env = cast(services.get(service).get("environment"));
            assertThat(env).as(service).containsEntry("ATTENDANCE_PROFILE", "production").doesNotContainKey("ATTENDANCE_AUTH_DEV_LOGIN");
            assertThat(String.valueOf(env.get("ATTENDANCE_BOOTSTRAP_ADMIN"))).as(service).startsWith("${ATTENDANCE_BOOTSTRAP_ADMIN:?");
            assertThat(String.valueOf(env.get("ATTENDANCE_AUTH_GOOGLE_CLIENT_IDS"))).as(service).startsWith("${");
            assertThat(String.valueOf(env.get("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_GOOGLE_CLIENT_ID"))).as(service).startsWith("${");
            assertThat(String.valueOf(env.get("ATTENDANCE_CAPTURE_TRUSTED_PROXIES"))).as(service).endsWith("/32");
        }
        Map<String, Object> nginx = cast(((Map<?, ?>) services.get("nginx").get("networks")).get("default"));
        Map<String, Object> ingestEnv = cast(services.get("ingest-api-1").get("environment"));
        assertThat(ingestEnv.get("ATTENDANCE_CAPTURE_TRUSTED_PROXIES")).isEqualTo(nginx.get("ipv4_address") + "/32");
        assertThat(Files.readString(ROOT.resolve("compose/nginx/attendance.conf")))
                .contains("proxy_set_header X-Forwarded-For $remote_addr;").doesNotContain("$proxy_add_x_forwarded_for");
        String example = Files.readString(ROOT.resolve("compose/.env.example"));
        assertThat(example).containsPattern("(?m)^ATTENDANCE_BOOTSTRAP_ADMIN=$").containsPattern("(?m)^ATTENDANCE_AUTH_GOOGLE_CLIENT_IDS=$");

        Map<String, Object> config = cast(yaml(ROOT.resolve("k8s/config.yaml")).getFirst().get("data"));
        assertThat(config).containsEntry("ATTENDANCE_PROFILE", "production").containsEntry("ATTENDANCE_BOOTSTRAP_ADMIN", "")
                .containsEntry("ATTENDANCE_AUTH_GOOGLE_CLIENT_IDS", "").doesNotContainKey("ATTENDANCE_AUTH_DEV_LOGIN")
                .doesNotContainKey("SERVER_FORWARD_HEADERS_STRATEGY");
        assertThat(String.valueOf(config.get("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_GOOGLE_REDIRECT_URI"))).startsWith("https://");
        String ingest = Files.readString(ROOT.resolve("k8s/ingest-api.yaml"));
        assertThat(ingest).contains("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_GOOGLE_CLIENT_SECRET").doesNotContain("DEV_LOGIN");
    }

    /** Scheduled reports reach a mail server to fill in, and report runs' files outlive the pod. */
    @Test
    void batchReportsMailsAndKeepsItsFiles() throws IOException {
        Map<String, Object> config = cast(yaml(ROOT.resolve("k8s/config.yaml")).getFirst().get("data"));
        assertThat(config).containsEntry("SPRING_MAIL_HOST", "").containsKey("SPRING_MAIL_PORT");
        List<Map<String, Object>> docs = yaml(ROOT.resolve("k8s/batch-reports.yaml"));
        String deployment = Files.readString(ROOT.resolve("k8s/batch-reports.yaml"));
        assertThat(deployment).doesNotContain("emptyDir").contains("claimName: batch-reports-data");
        assertThat(docs).anySatisfy(d -> assertThat(d).containsEntry("kind", "PersistentVolumeClaim"));
        Map<String, Map<String, Object>> services = cast(yaml(ROOT.resolve("compose/compose.yaml")).getFirst().get("services"));
        Map<String, Object> env = cast(services.get("batch-reports").get("environment"));
        assertThat(String.valueOf(env.get("SPRING_MAIL_HOST"))).startsWith("${SPRING_MAIL_HOST");
    }

    /**
     * Only the issuer (ingest) mounts the token signing key; every other service that checks tokens verifies with the
     * issuer's published public keys, so a compromised dashboard (it makes outbound push calls) cannot mint tokens.
     */
    @Test
    void onlyTheIssuerHoldsTheTokenSigningKey() throws IOException {
        Map<String, Map<String, Object>> services = cast(yaml(ROOT.resolve("compose/compose.yaml")).getFirst().get("services"));
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            List<String> volumes = cast(s.getValue().getOrDefault("volumes", List.of()));
            boolean mountsKeys = volumes.stream().anyMatch(v -> v.startsWith("keys:"));
            assertThat(mountsKeys).as("%s mounts the key volume", s.getKey()).isEqualTo(s.getKey().startsWith("ingest-api-"));
        }
        Map<String, Object> dashboardEnv = cast(services.get("dashboard").get("environment"));
        assertThat(String.valueOf(dashboardEnv.get("ATTENDANCE_AUTH_JWKS_URI"))).endsWith("/.well-known/jwks.json");
        assertThat(Files.readString(ROOT.resolve("compose/nginx/attendance.conf")))
                .containsPattern("location = /.well-known/jwks.json \\{ proxy_pass http://ingest; \\}");

        Map<String, Object> config = cast(yaml(ROOT.resolve("k8s/config.yaml")).getFirst().get("data"));
        assertThat(config).containsEntry("ATTENDANCE_AUTH_JWKS_URI", "http://ingest-api:8080/.well-known/jwks.json");
        for (String f : List.of("ingest-api.yaml", "stream-processor.yaml", "dashboard.yaml", "batch-reports.yaml")) {
            String manifest = Files.readString(ROOT.resolve("k8s").resolve(f));
            assertThat(manifest.contains("attendance-token-keys")).as(f).isEqualTo(f.equals("ingest-api.yaml"));
            assertThat(manifest).as(f).doesNotContain("secretName: attendance-keys");
        }
    }

    @Test
    void everyManifestParsesAndIsListed() throws IOException {
        Map<String, Object> kustomization = yaml(ROOT.resolve("k8s/kustomization.yaml")).getFirst();
        List<String> listed = cast(kustomization.get("resources"));
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s"))) {
            List<String> present = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
        }
        for (String f : listed) {
            for (Map<String, Object> doc : yaml(ROOT.resolve("k8s").resolve(f))) {
                assertThat(doc).as(f).containsKeys("apiVersion", "kind", "metadata");
                assertThat(((Map<?, ?>) doc.get("metadata")).get("name")).as(f).isNotNull();
            }
        }
    }

    @Test
    void servicesHaveProbesAndTakeSecretsFromSecrets() throws IOException {
        List<String> workloads = new ArrayList<>();
        for (String f : List.of("ingest-api.yaml", "stream-processor.yaml", "dashboard.yaml", "batch-reports.yaml")) {
            for (Map<String, Object> doc : yaml(ROOT.resolve("k8s").resolve(f))) {
                if (!List.of("Deployment", "StatefulSet").contains(doc.get("kind"))) {
                    continue;
                }
                workloads.add(doc.get("kind") + "/" + ((Map<?, ?>) doc.get("metadata")).get("name"));
                Map<String, Object> container = container(doc);
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> http = cast(((Map<?, ?>) container.get(probe)).get("httpGet"));
                    assertThat(String.valueOf(http.get("path"))).as("%s %s", f, probe).startsWith("/actuator/health/");
                }
                assertThat(((Map<?, ?>) container.get("resources")).get("requests")).as(f).isNotNull();
                List<Map<String, Object>> env = cast(container.get("env"));
                for (Map<String, Object> e : env) {
                    if (SECRET_NAME.matcher(String.valueOf(e.get("name"))).matches()) {
                        assertThat(e).as("%s %s", f, e.get("name")).doesNotContainKey("value").containsKey("valueFrom");
                    }
                }
            }
        }
        assertThat(workloads).containsExactly("Deployment/ingest-api", "StatefulSet/stream-processor", "Deployment/dashboard",
                "Deployment/batch-reports");
        Map<String, Object> stream = yaml(ROOT.resolve("k8s/stream-processor.yaml")).getFirst();
        List<Map<String, Object>> env = cast(container(stream).get("env"));
        Map<String, Object> instance = env.stream().filter(e -> "ATTENDANCE_STREAM_INSTANCE_ID".equals(e.get("name"))).findFirst().orElseThrow();
        assertThat(instance.toString()).contains("fieldPath=metadata.name");
    }

    @Test
    void theIngressAndNginxRouteTheSamePaths() throws IOException {
        Map<String, Object> ingress = yaml(ROOT.resolve("k8s/ingress.yaml")).getFirst();
        List<Map<String, Object>> rules = cast(((Map<?, ?>) ingress.get("spec")).get("rules"));
        List<Map<String, Object>> paths = cast(((Map<?, ?>) rules.getFirst().get("http")).get("paths"));
        String nginx = Files.readString(ROOT.resolve("compose/nginx/attendance.conf"));
        for (Map<String, Object> p : paths) {
            String path = String.valueOf(p.get("path"));
            String service = String.valueOf(((Map<?, ?>) ((Map<?, ?>) p.get("backend")).get("service")).get("name"));
            String upstream = switch (service) {
                case "ingest-api" -> "ingest";
                case "batch-reports" -> "reports";
                default -> service;
            };
            String escaped = Pattern.quote(path.startsWith("/api/v1/sessions/") ? "^" + path : path);
            assertThat(nginx).as(path).containsPattern("location[^{]*" + escaped + "\\s*\\{[^}]*proxy_pass http://" + upstream + ";");
        }
    }

    /** Each service's KafkaUser grants exactly what {@link KafkaAccess} says (and KafkaAccessIT proved on a broker). */
    @Test
    void eachServicesKafkaUserGrantsWhatItsAccessListSays() throws IOException {
        Map<String, Map<String, Object>> users = new java.util.HashMap<>();
        for (Map<String, Object> doc : yaml(ROOT.resolve("k8s/kafka-users.yaml"))) {
            assertThat(doc.get("kind")).isEqualTo("KafkaUser");
            users.put(String.valueOf(((Map<?, ?>) doc.get("metadata")).get("name")), cast(doc.get("spec")));
        }
        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.of(KafkaAccess.Service.values()).map(KafkaAccess.Service::user).toList());
        for (KafkaAccess.Service service : KafkaAccess.Service.values()) {
            Map<String, Object> spec = users.get(service.user());
            assertThat(spec.toString()).contains("type=scram-sha-512");
            List<Map<String, Object>> acls = cast(((Map<?, ?>) spec.get("authorization")).get("acls"));
            java.util.Set<String> granted = new java.util.TreeSet<>();
            for (Map<String, Object> acl : acls) {
                Map<String, Object> r = cast(acl.get("resource"));
                for (Object op : (List<?>) acl.get("operations")) {
                    granted.add(r.get("type") + " " + r.get("name") + " " + r.get("patternType") + " " + op);
                }
            }
            java.util.Set<String> listed = new java.util.TreeSet<>();
            for (AclBinding b : KafkaAccess.of(service)) {
                String type = switch (b.pattern().resourceType()) {
                    case TOPIC -> "topic";
                    case GROUP -> "group";
                    case TRANSACTIONAL_ID -> "transactionalId";
                    default -> throw new IllegalStateException(b.toString());
                };
                String pattern = b.pattern().patternType() == PatternType.PREFIXED ? "prefix" : "literal";
                String op = java.util.Arrays.stream(b.entry().operation().name().split("_"))
                        .map(w -> w.charAt(0) + w.substring(1).toLowerCase()).collect(java.util.stream.Collectors.joining());
                listed.add(type + " " + b.pattern().name() + " " + pattern + " " + op);
            }
            assertThat(granted).as(service.user()).isEqualTo(listed);
        }
    }

    /**
     * Kafka has no door without TLS and a sign-in; each service signs in as its own user and trusts the cluster's CA;
     * ClickHouse and PostgreSQL admit only their clients' pods, and the ClickHouse user only the pod network.
     */
    @Test
    void theDataTiersAdmitOnlyTheServicesAsThemselves() throws IOException {
        Map<String, Object> kafka = yaml(ROOT.resolve("k8s/kafka.yaml")).stream().filter(d -> "Kafka".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> kafkaSpec = cast(((Map<?, ?>) kafka.get("spec")).get("kafka"));
        List<Map<String, Object>> listeners = cast(kafkaSpec.get("listeners"));
        assertThat(listeners).isNotEmpty().allSatisfy(l -> {
            assertThat(l.get("tls")).isEqualTo(true);
            assertThat(String.valueOf(l.get("authentication"))).contains("scram-sha-512");
            assertThat(String.valueOf(l.get("networkPolicyPeers"))).contains("kafka-client=true");
        });
        assertThat(String.valueOf(kafkaSpec.get("authorization"))).contains("type=simple");
        Map<String, Object> config = cast(yaml(ROOT.resolve("k8s/config.yaml")).getFirst().get("data"));
        assertThat(config).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        for (String service : List.of("ingest-api", "stream-processor", "dashboard", "batch-reports")) {
            Map<String, Object> workload = yaml(ROOT.resolve("k8s").resolve(service + ".yaml")).getFirst();
            Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) workload.get("spec")).get("template");
            assertThat(String.valueOf(((Map<?, ?>) template.get("metadata")).get("labels")))
                    .contains("kafka-client=true", "clickhouse-client=true", "postgres-client=true");
            List<Map<String, Object>> env = cast(container(workload).get("env"));
            Map<String, Object> jaas = env.stream().filter(e -> "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG".equals(e.get("name")))
                    .findFirst().orElseThrow();
            assertThat(jaas.toString()).as(service).contains("name=attendance-" + service + ",", "key=sasl.jaas.config");
            assertThat(String.valueOf(container(workload).get("volumeMounts"))).as(service).contains("mountPath=/etc/kafka-ca");
        }
        List<Map<String, Object>> policies = yaml(ROOT.resolve("k8s/networkpolicies.yaml"));
        assertThat(policies).extracting(p -> String.valueOf(((Map<?, ?>) p.get("spec")).get("podSelector")))
                .containsExactlyInAnyOrder("{matchLabels={clickhouse.altinity.com/chi=attendance}}",
                        "{matchLabels={cnpg.io/cluster=attendance-postgres}}");
        String clickhouse = Files.readString(ROOT.resolve("k8s/clickhouse.yaml"));
        assertThat(clickhouse).doesNotContain("::/0").doesNotContain("0.0.0.0/0");

        // Compose: no Kafka listener without a sign-in (ComposeKafkaIT runs them), the data tier on a network of its own
        // that nginx is not on, and ClickHouse's user admitted from it only
        Map<String, Object> compose = yaml(ROOT.resolve("compose/compose.yaml")).getFirst();
        Map<String, Map<String, Object>> services = cast(compose.get("services"));
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            Map<String, Object> env = cast(services.get(broker).get("environment"));
            assertThat(String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(","))
                    .allSatisfy(l -> assertThat(l).endsWith(":SASL_SSL"));
            assertThat(env).containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false").containsEntry("KAFKA_SUPER_USERS", "User:admin");
        }
        for (String service : List.of("ingest-api-1", "ingest-api-2", "stream-processor-1", "stream-processor-2", "dashboard",
                "batch-reports", "kafka-access")) {
            Map<String, Object> env = cast(services.get(service).get("environment"));
            assertThat(env).as(service).containsEntry("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION", "/kafka-ca/ca.crt");
            assertThat(String.valueOf(services.get(service).get("volumes"))).as(service).contains("kafka-ca:/kafka-ca:ro")
                    .doesNotContain("kafka-tls").doesNotContain("kafka-ca-key");
        }
        assertThat(String.valueOf(services.get("kafka-certs").get("volumes"))).contains("kafka-ca-key:/ca-key");
        for (String tier : List.of("kafka-1", "keeper-1", "ch-s1-r1", "ch-s2-r2", "postgres")) {
            assertThat(services.get(tier).get("networks")).as(tier).isEqualTo(List.of("data"));
        }
        assertThat(String.valueOf(services.get("nginx").get("networks"))).doesNotContain("data");
        assertThat(String.valueOf(((Map<?, ?>) compose.get("networks")).get("data"))).contains("internal=true", "172.31.254.0/24");
        for (String ch : List.of("ch-s1-r1", "ch-s1-r2", "ch-s2-r1", "ch-s2-r2")) {
            assertThat(String.valueOf(services.get(ch).get("volumes"))).contains("./clickhouse/users-networks.xml:/etc/clickhouse-server/users.d/");
        }
        assertThat(Files.readString(ROOT.resolve("compose/clickhouse/users-networks.xml")))
                .contains("<networks replace=\"replace\">", "<ip>172.31.254.0/24</ip>").doesNotContain("::/0");
    }

    private static Map<String, Object> container(Map<String, Object> workload) {
        Map<?, ?> spec = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) workload.get("spec")).get("template")).get("spec");
        List<Map<String, Object>> containers = cast(spec.get("containers"));
        return containers.getFirst();
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add(cast(doc));
            }
        }
        assertThat(docs).as(file.toString()).isNotEmpty().allSatisfy(d -> assertThat(d).isNotNull());
        return docs.stream().filter(Objects::nonNull).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
