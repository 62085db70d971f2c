package edu.attendance.launcher.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTlsTest {

    @Test
    void theServerCertificateIsSignedByTheLocalAuthorityForEveryName(@TempDir Path dir) throws Exception {
        LocalTls.Material m = LocalTls.ensure(dir, List.of("localhost", "127.0.0.1", "192.0.2.7"));
        valid(serverCertificate(m), pem(m.authorityPem()));
        X509Certificate ca = pem(m.authorityPem());
        X509Certificate server = serverCertificate(m);
        server.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "192.0.2.7");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(Files.readString(m.authorityPem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(m.serverProperties()).containsEntry("server.ssl.bundle", "web");
    }

    @Test
    void newPrivateAddressesGetANewServerCertificateFromTheSameAuthority(@TempDir Path dir) throws Exception {
        LocalTls.Material first = LocalTls.ensure(dir, List.of("localhost", "192.168.1.7"));
        X509Certificate firstServer = serverCertificate(first);
        LocalTls.Material same = LocalTls.ensure(dir, List.of("192.168.1.7", "localhost"));
        assertThat(serverCertificate(same).getSerialNumber()).as("same names: kept").isEqualTo(firstServer.getSerialNumber());
        String ca = Files.readString(first.authorityPem());
        LocalTls.Material moved = LocalTls.ensure(dir, List.of("localhost", "10.20.30.40"));
        X509Certificate movedServer = serverCertificate(moved);
        assertThat(movedServer.getSerialNumber()).isNotEqualTo(firstServer.getSerialNumber());
        assertThat(Files.readString(moved.authorityPem())).as("the phone's trust stays valid").isEqualTo(ca);
        valid(movedServer, pem(moved.authorityPem()));
    }

    /**
     * The authority a phone installs may vouch for this machine only: localhost and private addresses (and the public
     * ones it was made for), a critical name constraint that a verifier enforces — a certificate it signed for a real
     * site is refused — and it lives a year, its server certificates 90 days.
     */
    @Test
    void theAuthorityIsNameConstrainedAndShortLived(@TempDir Path dir) throws Exception {
        LocalTls.Material m = LocalTls.ensure(dir, List.of("localhost", "127.0.0.1", "192.168.1.7", "203.0.113.9"));
        X509Certificate ca = pem(m.authorityPem());
        assertThat(ca.getCriticalExtensionOIDs()).contains(LocalTls.NAME_CONSTRAINTS);
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays()).isLessThanOrEqualTo(366);
        X509Certificate server = serverCertificate(m);
        assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()).toDays()).isLessThanOrEqualTo(91);
        valid(server, ca);

        // what a thief of the authority's key would make: a certificate for a real site, signed by the same authority
        Path forged = dir.resolve("forged.p12");
        keytool("-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=bank.example",
                "-keystore", forged.toString(), "-storetype", "PKCS12", "-storepass", m.password());
        keytool("-certreq", "-alias", "site", "-keystore", forged.toString(), "-storepass", m.password(), "-file", dir.resolve("f.csr").toString());
        keytool("-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-storepass", m.password(),
                "-infile", dir.resolve("f.csr").toString(), "-outfile", dir.resolve("f.pem").toString(), "-rfc",
                "-ext", "san=dns:bank.example");
        X509Certificate site = pem(dir.resolve("f.pem"));
        site.verify(ca.getPublicKey()); // signed by the authority indeed
        assertThatThrownBy(() -> valid(site, ca)).isInstanceOf(CertPathValidatorException.class).hasMessageContaining("name constraints");
        X509Certificate publicIp = forge(dir, m, "ip:198.51.100.1");
        assertThatThrownBy(() -> valid(publicIp, ca)).as("a public address it was not made for").isInstanceOf(CertPathValidatorException.class)
                .hasMessageContaining("name constraints");
    }

    @Test
    void anAddressOutsideTheConstraintsOrAnAuthorityWithoutThemMakesANewAuthority(@TempDir Path dir) throws Exception {
        LocalTls.Material first = LocalTls.ensure(dir, List.of("localhost", "192.168.1.7"));
        String ca = Files.readString(first.authorityPem());
        LocalTls.Material publicAddress = LocalTls.ensure(dir, List.of("localhost", "198.51.100.3"));
        assertThat(Files.readString(publicAddress.authorityPem())).isNotEqualTo(ca);
        valid(serverCertificate(publicAddress), pem(publicAddress.authorityPem()));

        // an authority made before the constraints (unconstrained, ten years): replaced on the next start
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("keystore.password"), "secret-secret");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=old", "-ext", "bc:c", "-keystore", old.resolve("ca.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "secret-secret");
        LocalTls.Material renewed = LocalTls.ensure(old, List.of("localhost"));
        assertThat(pem(renewed.authorityPem()).getCriticalExtensionOIDs()).contains(LocalTls.NAME_CONSTRAINTS);
    }

    private static X509Certificate forge(Path dir, LocalTls.Material m, String san) throws Exception {
        Path ks = dir.resolve("forge-" + Math.abs(san.hashCode()) + ".p12");
        keytool("-genkeypair", "-alias", "x", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=x",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", m.password());
        keytool("-certreq", "-alias", "x", "-keystore", ks.toString(), "-storepass", m.password(), "-file", ks + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-storepass", m.password(),
                "-infile", ks + ".csr", "-outfile", ks + ".pem", "-rfc", "-ext", "san=" + san);
        return pem(Path.of(ks + ".pem"));
    }

    /**
     * PKIX validation of {@code cert} under {@code ca}, its name constraints enforced as a browser enforces a root's:
     * Java's validator ignores an anchor's constraints, so the authority is also the path's first (self-issued)
     * certificate, where they are applied.
     */
    private static void valid(X509Certificate cert, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert, ca)), params);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static X509Certificate serverCertificate(LocalTls.Material m) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(m.keystore())) {
            ks.load(in, m.password().toCharArray());
        }
        assertThat(ks.isKeyEntry("server")).isTrue();
        return (X509Certificate) ks.getCertificate("server");
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
