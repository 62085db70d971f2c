package edu.attendance.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsed ranges answer as Spring Security's matcher does for every literal address, without its per-call parsing. */
class AddressRangesTest {

    static final List<String> RANGES = List.of("10.0.0.0/8", "192.168.4.0/22", "172.16.5.7", "100.64.0.0/10", "0.0.0.0/32",
            "2001:db8::/32", "fe80::1", "2001:db8:abcd:12::/60", "::/0", "128.0.0.0/1", "10.1.2.3/31");
    static final List<String> ADDRESSES = List.of("10.0.0.1", "10.255.255.255", "11.0.0.0", "9.255.255.255", "192.168.4.0",
            "192.168.7.255", "192.168.8.0", "192.168.3.255", "172.16.5.7", "172.16.5.8", "100.64.0.1", "100.127.255.255",
            "100.128.0.0", "0.0.0.0", "127.0.0.1", "128.0.0.0", "255.255.255.255", "10.1.2.2", "2001:db8::1",
            "2001:db9::1", "2001:0db8:ffff::", "fe80::1", "fe80::2", "::1", "2001:db8:abcd:1f::1", "2001:db8:abcd:20::1",
            "::ffff:10.0.0.1", "::ffff:11.0.0.1", "a00::1");

    @Test
    void answersAsSpringSecuritysMatcherForEachRangeAndAddress() {
        for (String range : RANGES) {
            AddressRanges ours = AddressRanges.of(List.of(range));
            IpAddressMatcher spring = new IpAddressMatcher(range);
            for (String address : ADDRESSES) {
                if (range.contains(":") != address.replace("::ffff:", "").contains(":")) {
                    assertThat(ours.contains(address)).as("another family: " + range + " ∌ " + address).isFalse();
                    continue;
                }
                assertThat(ours.contains(address)).as(range + " ∋ " + address).isEqualTo(spring.matches(address));
            }
        }
    }

    @Test
    void aListMatchesWhatAnyOfItsRangesMatches() {
        AddressRanges campus = AddressRanges.of(List.of(" 10.0.0.0/8 ", "", "2001:db8::/32"));
        assertThat(campus.isEmpty()).isFalse();
        assertThat(campus.contains("10.9.8.7")).isTrue();
        assertThat(campus.contains("2001:db8::5")).isTrue();
        assertThat(campus.contains("192.0.2.1")).isFalse();
        assertThat(AddressRanges.of(List.of("", " ")).contains("10.0.0.1")).isFalse();
    }

    @Test
    void aTextThatIsNotAnAddressIsInNoRangeAndIsNeverLookedUp() {
        AddressRanges all = AddressRanges.of(List.of("0.0.0.0/0", "::/0"));
        for (String text : new String[] {"", "localhost", "example.org", "10.0.0.256", "1.2.3", "::g", "10.0.0.1 "}) {
            assertThat(all.contains(text)).as(text).isFalse();
        }
        assertThat(all.contains(null)).isFalse();
    }

    @Test
    void aMalformedRangeIsRefusedAtStartWithItsText() {
        assertThatThrownBy(() -> AddressRanges.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> AddressRanges.of(List.of("campus.example/8"))).hasMessageContaining("campus.example/8");
        assertThatThrownBy(() -> AddressRanges.of(List.of("10.0.0.0/x"))).hasMessageContaining("10.0.0.0/x");
        assertThatThrownBy(() -> AddressRanges.of(List.of("10.0.0.0/-1"))).hasMessageContaining("10.0.0.0/-1");
    }
}
