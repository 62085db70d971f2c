package edu.attendance.systemtests.deployment;

import edu.attendance.engines.postgres.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL on a host of a {@link HostNetwork}, as a deployment's database server: a cluster made as the embedded one
 * is (its user, a generated password, SCRAM), then served from the host's address only, to the bridge's network.
 */
final class PostgresHost implements AutoCloseable {

    static final int PORT = 5432;

    private final Path bin = EmbeddedPostgres.findBinDir();
    private final Path cluster;
    private final String owner;
    private final String address;
    private final String password;

    PostgresHost(String host, String address, Path dir) throws Exception {
        this.address = address;
        try (EmbeddedPostgres made = EmbeddedPostgres.start(dir)) {
            this.password = made.password();
        }
        this.cluster = EmbeddedPostgres.clusterOf(dir);
        this.owner = Files.getOwner(cluster).getName();
        Files.writeString(cluster.resolve("postgresql.auto.conf"), "listen_addresses = '" + address + "'\n", StandardOpenOption.APPEND);
        Files.writeString(cluster.resolve("pg_hba.conf"), "host all all 10.77.0.0/24 scram-sha-256\n", StandardOpenOption.APPEND);
        List<String> start = List.of("runuser", "-u", owner, "--", bin.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-l",
                cluster.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + PORT, "start");
        run(HostNetwork.on(host, start));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + address + ":" + PORT + "/" + EmbeddedPostgres.DATABASE;
    }

    String username() {
        return EmbeddedPostgres.USER;
    }

    String password() {
        return password;
    }

    @Override
    public void close() throws Exception {
        run(List.of("runuser", "-u", owner, "--", bin.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-m", "immediate", "-w", "stop"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
