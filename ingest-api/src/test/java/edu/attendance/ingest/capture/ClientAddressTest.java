package edu.attendance.ingest.capture;

import edu.attendance.ingest.auth.DevLoginTest;
import edu.attendance.platform.AttendanceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose address a capture carries: the peer, or behind trusted load balancers the last hop they vouch for. */
class ClientAddressTest {

    static ClientAddress with(List<String> proxies) {
        AttendanceProperties p = DevLoginTest.props();
        AttendanceProperties.Capture c = p.capture();
        return new ClientAddress(new AttendanceProperties(p.dataDir(), p.collegeZone(), p.bootstrapAdmin(),
                new AttendanceProperties.Capture(c.riskThreshold(), c.campusCidrs(), proxies, c.maxDistanceMeters(),
                        c.coarseLocationMeters(), c.offlineSyncLimit(), c.burstLimit(), c.perStudentPerMinute(), c.perAddressPerMinute(), c.claims()),
                p.kafka(), p.clickhouse(), p.reports(), p.profile()));
    }

    static MockServerHttpRequest from(String peer, String... forwarded) {
        MockServerHttpRequest.BaseBuilder<?> b = MockServerHttpRequest.post("/api/v1/scans").remoteAddress(new InetSocketAddress(peer, 40_000));
        for (String f : forwarded) {
            b.header("X-Forwarded-For", f);
        }
        return b.build();
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(with(List.of()).of(from("203.0.113.9", "10.1.2.3"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindTheBalancerTheLastUntrustedHopIsTheClient() {
        ClientAddress a = with(List.of("10.0.0.0/24"));
        assertThat(a.of(from("10.0.0.5", "198.51.100.7"))).isEqualTo("198.51.100.7");
        // a client that writes its own header is still seen from where it connected
        assertThat(a.of(from("10.0.0.5", "10.20.30.40, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(a.of(from("10.0.0.5", "192.0.2.1", "198.51.100.7, 10.0.0.6"))).isEqualTo("198.51.100.7");
        // nothing but proxies, or a malformed chain: the peer
        assertThat(a.of(from("10.0.0.5", "10.0.0.6"))).isEqualTo("10.0.0.5");
        assertThat(a.of(from("10.0.0.5", "evil.example, "))).isEqualTo("10.0.0.5");
        assertThat(a.of(from("10.0.0.5"))).isEqualTo("10.0.0.5");
        // a peer that is not a trusted proxy cannot claim to be one
        assertThat(a.of(from("198.51.100.8", "10.1.2.3"))).isEqualTo("198.51.100.8");
        assertThat(a.of(from("10.0.0.5", "2001:db8::1"))).isEqualTo("2001:db8::1");
    }
}
