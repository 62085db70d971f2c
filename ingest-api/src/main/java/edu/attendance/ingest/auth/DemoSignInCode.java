package edu.attendance.ingest.auth;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The demo's door for another machine: dev login from anywhere but this machine's loopback needs the code a person at
 * the console reads out (docs/rules.md, "Signing in"). A code signs in once; then, or after {@value #MAX_WRONG} wrong
 * tries, a new one is drawn and shown on the console — guessing one of 31^8 (~8.5 × 10^11) codes five tries at a time
 * is hopeless. The code is never logged: only whoever registered with {@link #showTo} (the launcher's console) sees it.
 */
@Component
public class DemoSignInCode {

    static final int MAX_WRONG = 5;
    /** No 0/O, 1/I/L: a code read off a screen and typed on a phone. */
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int LENGTH = 8;

    private final SecureRandom random = new SecureRandom();
    private final CopyOnWriteArrayList<Consumer<String>> consoles = new CopyOnWriteArrayList<>();
    private String current;
    private int wrong;

    public DemoSignInCode() {
        current = draw();
    }

    /** {@code console} sees the current code now and every new one; the code in the {@code ABCD-EFGH} form. */
    public synchronized void showTo(Consumer<String> console) {
        consoles.add(console);
        console.accept(shown(current));
    }

    /** True once for the current code (any case, with or without the dash); a new code is drawn either way it ends. */
    boolean redeem(String offered) {
        String announce;
        boolean ok;
        synchronized (this) {
            byte[] given = normalise(offered).getBytes(StandardCharsets.US_ASCII);
            ok = MessageDigest.isEqual(given, current.getBytes(StandardCharsets.US_ASCII));
            if (!ok && ++wrong < MAX_WRONG) {
                return false;
            }
            current = draw();
            wrong = 0;
            announce = shown(current);
        }
        consoles.forEach(c -> c.accept(announce));
        return ok;
    }

    private static String normalise(String offered) {
        return offered == null ? "" : offered.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private String draw() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    private static String shown(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }
}
