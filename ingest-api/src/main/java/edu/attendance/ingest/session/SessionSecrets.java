package edu.attendance.ingest.session;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.KeyFiles;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-session secrets: 32 random bytes each (never shared between sessions), stored encrypted with
 * AES-256-GCM under a master key ({@code attendance.sessions.secrets-key}, or a key file generated
 * into the data directory for the embedded run).
 */
@Component
class SessionSecrets {

    private static final int IV_BYTES = 12;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec master;

    public SessionSecrets(AttendanceProperties props, SessionSettings settings) {
        byte[] key = settings.secretsKey() != null && !settings.secretsKey().isBlank()
                ? Base64.getDecoder().decode(settings.secretsKey().strip())
                : loadOrCreate(props.dataDir().resolve("keys").resolve("session-secrets.key"));
        if (key.length != 32) {
            throw new IllegalStateException("attendance.sessions.secrets-key must be 32 bytes (base64)");
        }
        this.master = new SecretKeySpec(key, "AES");
    }

    public byte[] newSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }

    public byte[] encrypt(byte[] secret, String sessionId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, iv));
            c.updateAAD(sessionId.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(secret);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] decrypt(byte[] stored, String sessionId) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, stored, 0, IV_BYTES));
            c.updateAAD(sessionId.getBytes(StandardCharsets.US_ASCII));
            return c.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt the secret of session " + sessionId, e);
        }
    }

    private byte[] loadOrCreate(Path file) {
        return Base64.getDecoder().decode(KeyFiles.loadOrCreate(file, () -> {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        }));
    }
}
