package edu.attendance.platform.web;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Address ranges as settings name them ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address), parsed once: whether
 * an address lies in one is a literal parse and a masked comparison. (Spring Security's {@code IpAddressMatcher} does the
 * same comparison but checks and parses the address text with regular expressions and a name look-up each time — a
 * percent of the platform's CPU on the scan path, where the campus ranges are asked twice per scan.) An IPv4 address and
 * an IPv6 range never match, nor the reverse (Spring Security 7.1's matcher compares the leading bytes whatever the
 * family, so its {@code 10.0.0.0/8} also takes {@code a00::1}).
 */
public final class AddressRanges {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
                return false;
            }
            int rest = prefix % 8;
            int mask = (0xff00 >> rest) & 0xff;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The ranges, blank entries skipped; a malformed one is refused with its text (a setting the operator must fix). */
    public static AddressRanges of(List<String> cidrs) {
        return new AddressRanges(cidrs.stream().map(String::strip).filter(c -> !c.isEmpty()).map(AddressRanges::range).toList());
    }

    private static Range range(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] network;
        try {
            network = InetAddress.ofLiteral(address).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an address range: " + cidr);
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an address range: " + cidr);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("the prefix of " + cidr + " is longer than its address");
            }
        }
        return new Range(network, prefix);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the literal address lies in one of the ranges; a text that is not an address lies in none. */
    public boolean contains(String address) {
        if (ranges.isEmpty() || address == null || address.isEmpty()) {
            return false;
        }
        if (address.indexOf(':') < 0 && dots(address) != 3) {
            return false; // the short IPv4 forms (1.2.3) the JDK also reads are not what a peer's address looks like
        }
        byte[] bytes;
        try {
            bytes = InetAddress.ofLiteral(address).getAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static int dots(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }
}
