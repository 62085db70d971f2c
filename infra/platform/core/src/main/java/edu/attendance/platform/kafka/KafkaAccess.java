package edu.attendance.platform.kafka;

import edu.attendance.contracts.Topic;
import edu.attendance.contracts.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * What each service may do on an authenticated Kafka (one user per service, nothing without an ACL): the one list the
 * deployment's {@code KafkaUser}s are checked against and the tests grant. A service writes only the topics it owns —
 * the API never writes a decision, the dashboard never writes at all — and reads only what it follows.
 */
public final class KafkaAccess {

    /** The platform's services, each its own Kafka user. */
    public enum Service {
        INGEST("attendance-ingest-api"),
        STREAM("attendance-stream-processor"),
        DASHBOARD("attendance-dashboard"),
        REPORTS("attendance-batch-reports");

        private final String user;

        Service(String user) {
            this.user = user;
        }

        /** The Kafka user (Strimzi's {@code KafkaUser} name). */
        public String user() {
            return user;
        }
    }

    /** Every service describes and, when missing, creates the platform's topics before it starts ({@code TopicsServed}). */
    static final String TOPIC_PREFIX = "attendance.";
    /** The decision stream's application id: its consumer group, internal topics and transactional ids start with it. */
    static final String STREAMS_APPLICATION = "attendance-decisions";

    private KafkaAccess() {
    }

    /** The ACLs of one service's user. */
    public static List<AclBinding> of(Service service) {
        List<AclBinding> acls = new ArrayList<>();
        String user = "User:" + service.user();
        acls.add(allow(user, ResourceType.TOPIC, TOPIC_PREFIX, PatternType.PREFIXED, AclOperation.DESCRIBE));
        acls.add(allow(user, ResourceType.TOPIC, TOPIC_PREFIX, PatternType.PREFIXED, AclOperation.CREATE));
        switch (service) {
            case INGEST -> {
                for (Topic<String, ?> t : List.of(Topics.SESSION_EVENTS, Topics.SUBMISSIONS, Topics.REJECTIONS, Topics.MANUAL_MARKS,
                        Topics.CLAIMS, Topics.ERASURES)) {
                    acls.add(topic(user, t, AclOperation.WRITE));
                }
                // after a restart it reads back the marks of the sessions still open (assigned partitions, no group)
                acls.add(topic(user, Topics.SUBMISSIONS, AclOperation.READ));
                acls.add(topic(user, Topics.MANUAL_MARKS, AclOperation.READ));
            }
            case STREAM -> {
                for (Topic<String, ?> t : List.of(Topics.SESSION_EVENTS, Topics.SUBMISSIONS, Topics.REJECTIONS, Topics.MANUAL_MARKS,
                        Topics.DECISIONS, Topics.ALERTS, Topics.ERASURES)) {
                    acls.add(topic(user, t, AclOperation.READ));
                }
                for (Topic<String, ?> t : List.of(Topics.DECISIONS, Topics.ALERTS, Topics.LIVE)) {
                    acls.add(topic(user, t, AclOperation.WRITE));
                }
                // Kafka Streams' own: its changelog and repartition topics, its group, its transactions
                acls.add(allow(user, ResourceType.TOPIC, STREAMS_APPLICATION + "-", PatternType.PREFIXED, AclOperation.ALL));
                acls.add(allow(user, ResourceType.GROUP, STREAMS_APPLICATION, PatternType.LITERAL, AclOperation.READ));
                acls.add(allow(user, ResourceType.TRANSACTIONAL_ID, STREAMS_APPLICATION, PatternType.PREFIXED, AclOperation.WRITE));
                acls.add(allow(user, ResourceType.TRANSACTIONAL_ID, STREAMS_APPLICATION, PatternType.PREFIXED, AclOperation.DESCRIBE));
                acls.add(allow(user, ResourceType.GROUP, "attendance-clickhouse-sink-", PatternType.PREFIXED, AclOperation.READ));
                acls.add(erasureGroup(user, "history"));
            }
            case DASHBOARD -> {
                for (Topic<String, ?> t : List.of(Topics.LIVE, Topics.SESSION_EVENTS, Topics.CLAIMS, Topics.ERASURES)) {
                    acls.add(topic(user, t, AclOperation.READ));
                }
                acls.add(erasureGroup(user, "push-subscriptions"));
            }
            case REPORTS -> {
                acls.add(topic(user, Topics.ERASURES, AclOperation.READ));
                acls.add(erasureGroup(user, "rings"));
            }
        }
        return List.copyOf(acls);
    }

    /** {@code ErasureFollower}'s group for a store. */
    private static AclBinding erasureGroup(String user, String store) {
        return allow(user, ResourceType.GROUP, "attendance-" + store + "-erasure", PatternType.LITERAL, AclOperation.READ);
    }

    private static AclBinding topic(String user, Topic<String, ?> topic, AclOperation op) {
        return allow(user, ResourceType.TOPIC, topic.name(), PatternType.LITERAL, op);
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(user, "*", op, AclPermissionType.ALLOW));
    }
}
