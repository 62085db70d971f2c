package edu.attendance.launcher.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTlsTest {

    @Test
    void theServerCertificateIsSignedByTheLocalAuthorityForEveryName(@TempDir Path dir) throws Exception {
        LocalTls.Material m = LocalTls.ensure(dir, List.of("localhost", "127.0.0.1", "192.0.2.7"));
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
    void newAddressesGetANewServerCertificateFromTheSameAuthority(@TempDir Path dir) throws Exception {
        LocalTls.Material first = LocalTls.ensure(dir, List.of("localhost", "192.0.2.7"));
        X509Certificate firstServer = serverCertificate(first);
        LocalTls.Material same = LocalTls.ensure(dir, List.of("192.0.2.7", "localhost"));
        assertThat(serverCertificate(same).getSerialNumber()).as("same names: kept").isEqualTo(firstServer.getSerialNumber());
        String ca = Files.readString(first.authorityPem());
        LocalTls.Material moved = LocalTls.ensure(dir, List.of("localhost", "198.51.100.3"));
        X509Certificate movedServer = serverCertificate(moved);
        assertThat(movedServer.getSerialNumber()).isNotEqualTo(firstServer.getSerialNumber());
        assertThat(Files.readString(moved.authorityPem())).as("the phone's trust stays valid").isEqualTo(ca);
        movedServer.verify(pem(moved.authorityPem()).getPublicKey());
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
