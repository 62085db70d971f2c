package edu.attendance.systemtests.security;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.launcher.tls.LocalTls;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded run over HTTPS (what a phone on the same network needs): served with the local authority's certificate. */
class HttpsIT {

    @Test
    void thePlatformServesHttpsThatTheLocalAuthorityVouchesFor(@TempDir Path dir) throws Exception {
        LocalTls.Material tls = LocalTls.ensure(dir.resolve("tls"), List.of("localhost", "127.0.0.1"));
        try (EmbeddedStack platform = TestStack.start(dir.resolve("data"), new HashMap<>(tls.serverProperties()))) {
            assertThat(platform.baseUrl()).startsWith("https://localhost:");
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(tls.authorityPem())).build();
            HttpResponse<String> page = trusting.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<div id=\"app\">");
            assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");

            // a client that does not trust the local authority is refused at the handshake
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
