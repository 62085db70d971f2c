package edu.attendance.systemtests.deployment;

import edu.attendance.engines.kafka.EmbeddedKafka;

import java.nio.file.Path;

/**
 * One node of {@link KafkaCluster} in a JVM of its own, so that a test can kill it outright (SIGKILL: no controlled
 * shutdown, no flush). Arguments: id, log directory, broker port, controller port, voters, cluster id, replication[, the address to
 * listen on (loopback unless given: a node in a network namespace of its own listens on its link's address)[, the
 * {@code host:port} its clients are told to reach it at (a relay in front of it)]]; the
 * clients' sign-in, if any, from the environment ({@link #USERS}, {@link #SUPER_USER}).
 * Prints {@link #READY} once serving; exits when its standard input closes (the test JVM is gone).
 */
public final class KafkaNodeMain {

    static final String READY = "kafka node ready";

    /** The users (name → password) and the super user of a cluster whose clients sign in, from the environment. */
    static final String USERS = "ATTENDANCE_KAFKA_SCRAM_USERS";
    static final String SUPER_USER = "ATTENDANCE_KAFKA_SUPER_USER";
    /** The directory of the nodes' TLS material (none: plaintext). */
    static final String TLS = "ATTENDANCE_KAFKA_TLS_DIR";

    private KafkaNodeMain() {
    }

    /** {@code USERS} as {@code name=password} lines (no sign-in without it), never on the command line. */
    static EmbeddedKafka.Sasl sasl(java.util.Map<String, String> env) {
        String users = env.get(USERS);
        if (users == null || users.isBlank()) {
            return null;
        }
        java.util.Map<String, String> byName = new java.util.HashMap<>();
        users.lines().filter(l -> !l.isBlank()).forEach(l -> byName.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new EmbeddedKafka.Sasl(byName, env.get(SUPER_USER), env.get(TLS) == null ? null : Path.of(env.get(TLS)));
    }

    public static void main(String[] a) throws Exception {
        EmbeddedKafka node = EmbeddedKafka.start(Path.of(a[1]), new EmbeddedKafka.Node(Integer.parseInt(a[0]), Integer.parseInt(a[2]),
                Integer.parseInt(a[3]), a[4], a[5], Integer.parseInt(a[6]), a.length > 7 ? a[7] : "127.0.0.1", a.length > 8 ? a[8] : null), sasl(System.getenv()));
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent never writes; end of input means it is gone
        }
        node.close();
        System.exit(0);
    }
}
