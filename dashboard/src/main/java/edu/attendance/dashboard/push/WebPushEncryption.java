package edu.attendance.dashboard.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291 over RFC 8188 {@code aes128gcm}): ECDH with the browser's
 * P-256 key, HKDF-SHA256 with its auth secret, AES-128-GCM, one record. JDK primitives only; checked
 * against the RFC's Appendix A vector. No Java Web Push library here is maintained.
 */
public final class WebPushEncryption {

    static final ECParameterSpec P256 = p256();
    private static final int RECORD_SIZE = 4096;

    private WebPushEncryption() {
    }

    /** Encrypts with a fresh sender key and salt. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublicRaw, byte[] authSecret) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return encrypt(plaintext, uaPublicRaw, authSecret, salt, g.generateKeyPair());
    }

    /** Encrypts with the given sender key and salt (fixed only in tests). */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublicRaw, byte[] authSecret, byte[] salt, KeyPair sender)
            throws GeneralSecurityException {
        byte[] asPublicRaw = raw((ECPublicKey) sender.getPublic());
        byte[][] keys = contentKeys(sender.getPrivate(), publicKey(uaPublicRaw), uaPublicRaw, asPublicRaw, authSecret, salt);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new GCMParameterSpec(128, keys[1]));
        byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
        padded[plaintext.length] = 0x02; // last-record delimiter
        byte[] record = gcm.doFinal(padded);
        return ByteBuffer.allocate(16 + 4 + 1 + asPublicRaw.length + record.length)
                .put(salt).putInt(RECORD_SIZE).put((byte) asPublicRaw.length).put(asPublicRaw).put(record).array();
    }

    /** The browser's side: reads a single-record {@code aes128gcm} body. */
    public static byte[] decrypt(byte[] body, ECPrivateKey uaPrivate, byte[] uaPublicRaw, byte[] authSecret)
            throws GeneralSecurityException {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        b.getInt();
        byte[] asPublicRaw = new byte[b.get() & 0xff];
        b.get(asPublicRaw);
        byte[] record = new byte[b.remaining()];
        b.get(record);
        byte[][] keys = contentKeys(uaPrivate, publicKey(asPublicRaw), uaPublicRaw, asPublicRaw, authSecret, salt);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new GCMParameterSpec(128, keys[1]));
        byte[] padded = gcm.doFinal(record);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 0x02) {
            throw new GeneralSecurityException("not a last record");
        }
        return Arrays.copyOf(padded, end);
    }

    /** {content encryption key, nonce} (RFC 8291 §3.4, RFC 8188 §2.2–2.3). */
    private static byte[][] contentKeys(PrivateKey own, ECPublicKey peer, byte[] uaPublicRaw, byte[] asPublicRaw,
                                        byte[] authSecret, byte[] salt) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(own);
        ka.doPhase(peer, true);
        byte[] ecdhSecret = ka.generateSecret();
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublicRaw, asPublicRaw);
        byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        return new byte[][]{cek, nonce};
    }

    /** HKDF-SHA256 (RFC 5869) for outputs up to one hash long. */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    /** The uncompressed point (65 bytes) of a P-256 public key. */
    public static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 0x04;
        put(key.getW().getAffineX(), out, 1);
        put(key.getW().getAffineY(), out, 33);
        return out;
    }

    public static ECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 0x04) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
    }

    static ECPrivateKey privateKey(byte[] d) throws GeneralSecurityException {
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), P256));
    }

    private static void put(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static ECParameterSpec p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
