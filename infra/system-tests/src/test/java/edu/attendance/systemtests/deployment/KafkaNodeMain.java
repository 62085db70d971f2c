package edu.attendance.systemtests.deployment;

import edu.attendance.engines.kafka.EmbeddedKafka;

import java.nio.file.Path;

/**
 * One node of {@link KafkaCluster} in a JVM of its own, so that a test can kill it outright (SIGKILL: no controlled
 * shutdown, no flush). Arguments: id, log directory, broker port, controller port, voters, cluster id, replication[, the address to
 * listen on (loopback unless given: a node in a network namespace of its own listens on its link's address)].
 * Prints {@link #READY} once serving; exits when its standard input closes (the test JVM is gone).
 */
public final class KafkaNodeMain {

    static final String READY = "kafka node ready";

    private KafkaNodeMain() {
    }

    public static void main(String[] a) throws Exception {
        EmbeddedKafka node = EmbeddedKafka.start(Path.of(a[1]), new EmbeddedKafka.Node(Integer.parseInt(a[0]), Integer.parseInt(a[2]),
                Integer.parseInt(a[3]), a[4], a[5], Integer.parseInt(a[6]), a.length > 7 ? a[7] : "127.0.0.1"));
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent never writes; end of input means it is gone
        }
        node.close();
        System.exit(0);
    }
}
