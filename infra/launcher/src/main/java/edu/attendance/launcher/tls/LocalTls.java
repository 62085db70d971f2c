package edu.attendance.launcher.tls;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * HTTPS for the embedded run, so a phone on the same network gets a secure origin (the camera and the
 * service worker need one): a local certificate authority made once under {@code <data>/tls/} and a
 * server certificate it signs for localhost and this machine's addresses — made again, by the same
 * authority, when the addresses change, so a phone that trusts the authority keeps trusting the
 * server. Uses the JDK's own {@code keytool}; the keys never leave the data directory.
 */
public final class LocalTls {

    /** The keystore the server presents, its password, and the authority's certificate to install on phones. */
    public record Material(Path keystore, String password, Path authorityPem, List<String> names) {

        /** The Spring Boot settings that serve HTTPS from this keystore (an SSL bundle named {@code web}). */
        public Map<String, Object> serverProperties() {
            return Map.of("server.ssl.bundle", "web",
                    "spring.ssl.bundle.jks.web.keystore.location", "file:" + keystore,
                    "spring.ssl.bundle.jks.web.keystore.password", password,
                    "spring.ssl.bundle.jks.web.keystore.type", "PKCS12",
                    "spring.ssl.bundle.jks.web.key.alias", "server");
        }
    }

    private LocalTls() {
    }

    /** The material for these names (DNS names or IP addresses), made or renewed as needed. */
    public static Material ensure(Path dir, List<String> names) throws IOException {
        Files.createDirectories(dir);
        Path passwordFile = dir.resolve("keystore.password");
        if (!Files.exists(passwordFile)) {
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            Files.writeString(passwordFile, HexFormat.of().formatHex(secret));
            restrict(passwordFile);
        }
        String password = Files.readString(passwordFile).strip();
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("attendance-local-ca.pem");
        Path server = dir.resolve("server.p12");
        Path namesFile = dir.resolve("server.names");
        if (!Files.exists(ca)) {
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-dname", "CN=Attendance local CA (" + hostName() + ")", "-ext", "bc:c", "-ext", "KeyUsage:critical=keyCertSign,cRLSign",
                    "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-file", caPem.toString());
            Files.deleteIfExists(server);
        }
        String wanted = String.join(",", new TreeSet<>(names));
        if (!Files.exists(server) || !Files.exists(namesFile) || !Files.readString(namesFile).strip().equals(wanted)) {
            Files.deleteIfExists(server);
            Path csr = dir.resolve("server.csr");
            Path cert = dir.resolve("server.pem");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
                    "-dname", "CN=" + names.getFirst(), "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", password, "-file", csr.toString());
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-infile", csr.toString(),
                    "-outfile", cert.toString(), "-rfc", "-validity", "825", "-ext", "san=" + san(names),
                    "-ext", "KeyUsage:critical=digitalSignature", "-ext", "ExtendedKeyUsage=serverAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", server.toString(),
                    "-storepass", password);
            keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-keystore", server.toString(),
                    "-storepass", password);
            Files.delete(csr);
            Files.writeString(namesFile, wanted);
        }
        restrict(ca);
        restrict(server);
        return new Material(server, password, caPem, List.copyOf(names));
    }

    /** localhost, 127.0.0.1 and this machine's non-loopback IPv4 addresses. */
    public static List<String> localNames() {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                            names.add(a.getHostAddress());
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // only the loopback names then
        }
        return names;
    }

    static String san(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            parts.add((n.matches("[0-9.]+") || n.contains(":") ? "ip:" : "dns:") + n);
        }
        return String.join(",", parts);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                // the output never holds the password (it is an argument, not echoed)
                throw new IOException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: left as it is
        }
    }
}
