package edu.attendance.platform.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header and parameter checks accept exactly what Spring Security's own patterns accept. */
class HeaderTextTest {

    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void anAbsentHeaderIsAllowedAsTheFirewallAllowsIt() {
        assertThat(HeaderText.NAME.test(null)).isTrue();
        assertThat(HeaderText.VALUE.test(null)).isTrue();
    }

    @Test
    void everyCodePointIsJudgedAsTheRegularExpressionsJudgeIt() {
        List<String> samples = new ArrayList<>(List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "a\tb", "a\u007Fb", "caf\u00e9",
                "\u0378", "\uD83D\uDE00", "\uD800", "x\u0000", "\u2028", "\u00A0", "line\r\nbreak", "\u200B\uFEFF"));
        for (int cp = 0; cp <= 0x10FFFF; cp += cp < 0x3000 ? 1 : 97) {
            samples.add("a" + new String(Character.toChars(cp)) + "z");
        }
        for (String s : samples) {
            assertThat(HeaderText.NAME.test(s)).as("name %s", s.codePoints().boxed().toList()).isEqualTo(NAME.matcher(s).matches());
            assertThat(HeaderText.VALUE.test(s)).as("value %s", s.codePoints().boxed().toList()).isEqualTo(VALUE.matcher(s).matches());
        }
    }
}
