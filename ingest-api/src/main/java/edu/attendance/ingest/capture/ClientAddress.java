package edu.attendance.ingest.capture;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.AddressRanges;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The address a capture came from, for the campus-network signal and the per-address limits. Behind a load
 * balancer the peer is the balancer: when the peer is one of {@code attendance.capture.trusted-proxies}, the
 * address is the right-most {@code X-Forwarded-For} entry that is not a trusted proxy (entries left of it are
 * whatever the client wrote, so they are never believed). With no trusted proxies the header is ignored.
 */
@Component
public class ClientAddress {

    private final AddressRanges proxies;

    public ClientAddress(AttendanceProperties props) {
        this.proxies = AddressRanges.of(props.capture().trustedProxies());
    }

    public String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
        if (peer.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For");
        String[] hops = String.join(",", forwarded).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) {
                continue;
            }
            if (!isAddress(hop)) {
                return peer; // a malformed chain says nothing; the proxy itself is the last known hop
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** The request came from this machine itself (the client's address as above is a loopback address). */
    public boolean isLoopback(ServerHttpRequest request) {
        String address = of(request);
        if (address.isEmpty()) {
            return false;
        }
        try {
            return InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean trusted(String address) {
        return proxies.contains(address);
    }

    /** A literal IPv4 or IPv6 address (never a name, which would be looked up). */
    static boolean isAddress(String s) {
        return s.length() <= 45 && (s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+")));
    }
}
