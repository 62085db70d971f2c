package edu.attendance.ingest.auth;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A refresh token's successor, sealed (AES-256-GCM) under a key derived from the spent token: only a holder of the spent
 * token can open it, and the stored hash of the spent token (SHA-256 of it) is not that key (SHA-256 of a labelled copy).
 */
final class Successors {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;

    private Successors() {
    }

    static byte[] seal(String spent, String successor) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(spent), new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(successor.getBytes(StandardCharsets.US_ASCII));
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The successor, or null when {@code sealed} was not sealed under {@code spent}. */
    static String open(String spent, byte[] sealed) {
        if (sealed == null || sealed.length <= NONCE) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(spent), new GCMParameterSpec(128, sealed, 0, NONCE));
            return new String(c.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.US_ASCII);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKeySpec key(String spent) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("attendance refresh successor\0".getBytes(StandardCharsets.US_ASCII));
        return new SecretKeySpec(sha.digest(spent.getBytes(StandardCharsets.US_ASCII)), "AES");
    }
}
