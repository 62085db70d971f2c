package edu.attendance.launcher.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * HTTPS for the embedded run, so a phone on the same network gets a secure origin (the camera and the
 * service worker need one): a local certificate authority made under {@code <data>/tls/} and a
 * server certificate it signs for localhost and this machine's addresses — made again, by the same
 * authority, when the addresses change, so a phone that trusts the authority keeps trusting the
 * server. Uses the JDK's own {@code keytool}; the keys never leave the data directory and the keystore's
 * password never appears on a command line.
 *
 * <p>A phone that installs the authority trusts it for whatever it signs, so it is kept small: it may sign only for
 * {@code localhost} and private addresses (plus the public ones this machine had when it was made) — a critical
 * name constraint, which browsers enforce, so a stolen authority key cannot impersonate any real site to that phone —
 * and it lives a year ({@link #AUTHORITY_DAYS}), the server certificate 90 days, each renewed 30 days before it ends.
 * An address outside the constraint, or an authority from before them, makes a new authority (to install again).
 */
public final class LocalTls {

    static final int AUTHORITY_DAYS = 365;
    static final int SERVER_DAYS = 90;
    static final int RENEW_DAYS = 30;
    static final String NAME_CONSTRAINTS = "2.5.29.30";
    /** The ranges a home or college network hands out, and loopback: what the authority may always sign for. */
    static final List<String> PRIVATE_RANGES = List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10");
    private static final String STOREPASS_ENV = "ATTENDANCE_TLS_STOREPASS";

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
        if (!Files.exists(ca) || !authorityStillServes(ca, password, names)) {
            Files.deleteIfExists(ca);
            keytool(password, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-validity", Integer.toString(AUTHORITY_DAYS),
                    "-dname", "CN=Attendance local CA (" + hostName() + ")", "-ext", "bc:c=ca:true,pathlen:0",
                    "-ext", "KeyUsage:critical=keyCertSign,cRLSign",
                    "-ext", NAME_CONSTRAINTS + ":critical=" + HexFormat.of().formatHex(nameConstraints(names)),
                    "-keystore", ca.toString(), "-storetype", "PKCS12");
            keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
            Files.deleteIfExists(server);
        }
        String wanted = String.join(",", new TreeSet<>(names));
        if (!Files.exists(server) || !Files.exists(namesFile) || !Files.readString(namesFile).strip().equals(wanted)
                || endsSoon(certificate(server, password, "server"))) {
            Files.deleteIfExists(server);
            Path csr = dir.resolve("server.csr");
            Path cert = dir.resolve("server.pem");
            keytool(password, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-validity", Integer.toString(SERVER_DAYS),
                    "-dname", "CN=" + names.getFirst(), "-keystore", server.toString(), "-storetype", "PKCS12");
            keytool(password, "-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
            keytool(password, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                    "-outfile", cert.toString(), "-rfc", "-validity", Integer.toString(SERVER_DAYS), "-ext", "san=" + san(names),
                    "-ext", "KeyUsage:critical=digitalSignature", "-ext", "ExtendedKeyUsage=serverAuth");
            keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", server.toString());
            keytool(password, "-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-keystore", server.toString());
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

    /** The authority may go on: it has name constraints, lasts beyond the renewal window and covers every name. */
    private static boolean authorityStillServes(Path ca, String password, List<String> names) throws IOException {
        X509Certificate cert = certificate(ca, password, "ca");
        if (cert == null || cert.getExtensionValue(NAME_CONSTRAINTS) == null || endsSoon(cert)) {
            return false;
        }
        byte[] have = cert.getExtensionValue(NAME_CONSTRAINTS); // OCTET STRING wrapping the constraints
        byte[] host = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        // the public addresses it was made for are in its constraints as /32: any new one needs a new authority
        return names.stream().filter(n -> !isPrivate(n) && !n.equals("localhost"))
                .allMatch(n -> contains(have, concat(ipBytes(n), host)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean endsSoon(X509Certificate cert) {
        return cert == null || cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(RENEW_DAYS)));
    }

    private static X509Certificate certificate(Path keystore, String password, String alias) throws IOException {
        if (!Files.exists(keystore)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return (X509Certificate) ks.getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + keystore, e);
        }
    }

    /**
     * The DER of a NameConstraints extension (RFC 5280 4.2.1.10): permitted {@code localhost}, the private ranges and
     * every other IPv4 address among {@code names} as a /32; every IPv6 address excluded (none is ever signed).
     */
    static byte[] nameConstraints(List<String> names) {
        List<byte[]> permitted = new ArrayList<>();
        permitted.add(der(0x30, der(0x82, "localhost".getBytes(StandardCharsets.US_ASCII))));
        List<String> ranges = new ArrayList<>(PRIVATE_RANGES);
        names.stream().filter(n -> n.matches("[0-9.]+") && !isPrivate(n)).forEach(n -> ranges.add(n + "/32"));
        for (String range : ranges) {
            String[] parts = range.split("/");
            byte[] address = ipBytes(parts[0]);
            int bits = Integer.parseInt(parts[1]);
            byte[] value = new byte[8];
            System.arraycopy(address, 0, value, 0, 4);
            for (int i = 0; i < 4; i++) {
                int left = Math.max(0, Math.min(8, bits - 8 * i));
                value[4 + i] = (byte) (0xFF << (8 - left));
                value[i] &= value[4 + i];
            }
            permitted.add(der(0x30, der(0x87, value)));
        }
        byte[] excludedV6 = der(0x30, der(0x87, new byte[32]));
        return der(0x30, concat(der(0xA0, concat(permitted.toArray(byte[][]::new))), der(0xA1, excludedV6)));
    }

    static boolean isPrivate(String name) {
        if (!name.matches("[0-9.]+")) {
            return false;
        }
        byte[] a = ipBytes(name);
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        return b0 == 127 || b0 == 10 || (b0 == 172 && b1 >= 16 && b1 < 32) || (b0 == 192 && b1 == 168)
                || (b0 == 100 && b1 >= 64 && b1 < 128);
    }

    private static byte[] ipBytes(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[]{(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
                (byte) Integer.parseInt(p[3])};
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[]{(byte) n}
                : n < 0x100 ? new byte[]{(byte) 0x81, (byte) n} : new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(new byte[]{(byte) tag}, length, content);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Runs the JDK's keytool with the keystore's password in its environment, never among its arguments. */
    private static void keytool(String password, String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", STOREPASS_ENV));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put(STOREPASS_ENV, password);
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                // the output never holds the password (it is in the environment, not echoed)
                throw new IOException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: left as it is
        }
    }
}
