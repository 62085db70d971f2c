package edu.attendance.platform.security;

import java.util.function.Predicate;

/**
 * What Spring Security's strict exchange firewall lets through in header names and values and in query parameters —
 * every code point assigned and not a control character (a value may hold a tab) — checked in a loop with an ASCII
 * fast path instead of its regular expressions, which ran once per header of every request (several per cent of the
 * scan path's CPU).
 */
final class HeaderText {

    /** Header names, parameter names and values: {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
    static final Predicate<String> NAME = s -> allowed(s, false);
    /** Header values: {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
    static final Predicate<String> VALUE = s -> allowed(s, true);

    private HeaderText() {
    }

    /** Null (a header or parameter that is not there) is allowed, as the firewall's own predicates allow it. */
    static boolean allowed(CharSequence s, boolean tab) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                i++;
                continue;
            }
            int cp = Character.codePointAt(s, i);
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && cp == '\t')) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
