package edu.attendance.systemtests.deployment;

import edu.attendance.systemtests.ChildProcesses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The deployment's own proxy — nginx with the Compose file's {@code attendance.conf}, unchanged but for the
 * upstreams' addresses — on a host of a {@link HostNetwork}, in front of the ingest instances and the rest.
 */
final class Proxy implements AutoCloseable {

    static final Path CONFIG = Path.of("..", "deploy", "compose", "nginx", "attendance.conf").toAbsolutePath().normalize();
    static final int PORT = 8080;

    private final Process process;
    private final Path dir;

    /** Why nginx cannot run here, or empty when it can. */
    static Optional<String> unavailable() {
        try {
            Process p = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.empty() : Optional.of("nginx -v failed");
        } catch (IOException e) {
            return Optional.of("no nginx here (the Debian package nginx-light): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * nginx on {@code host}: the ingest routes to {@code ingest} (each {@code address:port}), everything else (the
     * dashboard's and the reports' routes) to {@code rest}.
     */
    Proxy(String host, Path dir, List<String> ingest, String rest) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tmp"));
        String site = Files.readString(CONFIG)
                .replaceFirst("upstream ingest \\{[^}]*}", Matcher.quoteReplacement(
                        "upstream ingest { " + String.join(" ", ingest.stream().map(a -> "server " + a + ";").toList()) + " keepalive 64; }"))
                .replaceAll("server (dashboard|batch-reports):8080;", Matcher.quoteReplacement("server " + rest + ";"));
        Files.writeString(dir.resolve("attendance.conf"), site);
        String tmp = dir.resolve("tmp").toAbsolutePath().toString();
        Files.writeString(dir.resolve("nginx.conf"), """
                user root;
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  log_format upstreams '$request_uri|$status|$upstream_addr|$upstream_status';
                  access_log %1$s/access.log upstreams;
                  client_body_temp_path %2$s/body;
                  proxy_temp_path %2$s/proxy;
                  fastcgi_temp_path %2$s/fastcgi;
                  uwsgi_temp_path %2$s/uwsgi;
                  scgi_temp_path %2$s/scgi;
                  include %1$s/attendance.conf;
                }
                """.formatted(dir.toAbsolutePath(), tmp));
        this.process = new ProcessBuilder(HostNetwork.on(host, List.of("nginx", "-c", dir.resolve("nginx.conf").toAbsolutePath().toString())))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }

    /**
     * Each upstream's answers to the scans so far, as nginx logged them ({@code "10.77.0.31:8080 503"} → how many); a
     * request nginx passed to two upstreams counts for each.
     */
    java.util.Map<String, Integer> scansServed() throws IOException {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split("\\|", -1);
            if (f.length == 4 && f[0].equals("/api/v1/scans")) {
                // several upstreams tried for one request: "a, b" and their statuses "502, 202"
                String[] addresses = f[2].split(", ");
                String[] statuses = f[3].split(", ");
                for (int i = 0; i < addresses.length; i++) {
                    out.merge(addresses[i] + " " + (i < statuses.length ? statuses[i] : "-"), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        ChildProcesses.stop(process, Duration.ofSeconds(10), dir.resolve("error.log"), "rehearsal-nginx-error.log");
    }
}
