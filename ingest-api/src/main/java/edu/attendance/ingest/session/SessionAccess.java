package edu.attendance.ingest.session;

import java.util.Set;

/** The capture feature's view of an open session's internals (secret, roster, single-mark slots). */
public final class SessionAccess {

    private SessionAccess() {
    }

    public static byte[] secret(OpenSession s) {
        return s.secret;
    }

    public static int rotation(OpenSession s) {
        return s.rotationSeconds;
    }

    public static Set<String> roster(OpenSession s) {
        return s.roster;
    }

    public static boolean mark(OpenSession s, String email) {
        return s.mark(email);
    }

    public static void unmark(OpenSession s, String email) {
        s.unmark(email);
    }
}
