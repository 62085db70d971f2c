package edu.attendance.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The key a phone holds for its student (docs/rules.md rule 6, "Proof of the phone"): a passkey — WebAuthn, the phone's
 * platform authenticator, unlocked by the student's fingerprint, face or PIN on the phone (user verification required)
 * — or, where the browser offers none, a per-install ECDSA P-256 key made by WebCrypto as non-extractable. The phone
 * proves a registration by signing a single-use challenge from here; it proves every capture by signing
 * {@link #captureChallenge} — a digest of the student and the very code it submits (the QR token, or the session and the
 * typed OTP) — so an assertion is good for that code only. Passkeys are verified by webauthn4j (attestation "none",
 * CBOR, COSE keys, the relying party, the origin, user presence and verification); an install key's signature by the
 * JDK. Nothing here writes on a capture: no per-scan database round trip.
 */
@Component
public class DeviceKeys {

    public enum KeyKind { PASSKEY, INSTALL_KEY }

    private static final String B64URL = "[A-Za-z0-9_-]*";

    /**
     * What a phone sends to register its key: {@code challenge} from {@code POST /api/v1/devices/challenge}; a passkey's
     * {@code clientDataJSON} and {@code attestationObject} as {@code navigator.credentials.create} gave them; an install
     * key's {@code publicKey} (SPKI) and its {@code signature} over the challenge (IEEE P1363, as WebCrypto signs).
     * Every binary field base64url.
     */
    public record KeyRegistration(@NotNull KeyKind kind,
                                  @NotBlank @Size(max = 64) @Pattern(regexp = B64URL) String challenge,
                                  @Size(max = 4096) @Pattern(regexp = B64URL) String clientDataJSON,
                                  @Size(max = 8192) @Pattern(regexp = B64URL) String attestationObject,
                                  @Size(max = 512) @Pattern(regexp = B64URL) String publicKey,
                                  @Size(max = 512) @Pattern(regexp = B64URL) String signature) {
    }

    /**
     * A capture's proof: for a passkey the assertion ({@code credentialId}, {@code clientDataJSON},
     * {@code authenticatorData}, {@code signature}); for an install key the {@code signature} alone. Base64url.
     */
    public record Proof(@NotNull KeyKind kind,
                        @Size(max = 1400) @Pattern(regexp = B64URL) String credentialId,
                        @Size(max = 2048) @Pattern(regexp = B64URL) String clientDataJSON,
                        @Size(max = 1024) @Pattern(regexp = B64URL) String authenticatorData,
                        @NotBlank @Size(max = 1024) @Pattern(regexp = B64URL) String signature) {
    }

    /** A verified key as stored with its device: for a passkey its attested credential data, for an install key its SPKI. */
    record DeviceKey(KeyKind kind, String credentialId, byte[] publicKey, String rpId, boolean synced) {
    }

    /** What a phone needs to make its key: the challenge, the relying party, the opaque user handle. */
    public record DeviceChallenge(String challenge, String rpId, String userHandle, long expiresInSeconds) {
    }

    /**
     * {@code attendance.devices.*}: {@code origins}, the web app's origins as browsers name them (e.g.
     * {@code https://attendance.college.edu}); empty — development only — any https origin, or http on localhost, whose
     * host is the request's own. {@code rpId}: the passkeys' relying party (default: the first origin's host).
     * {@code requireKey}: a device without a key cannot mark (true by default; off only for load tests of the capture
     * path, which then measure the path without the proof's cost). {@code nativeVerify}: ECDSA P-256 signatures verified
     * by the machine's OpenSSL 3 where it loads ({@link OpenSslEcdsa}: about an eighth of the JDK's CPU per capture; true
     * by default, the JDK's verifier when false or when OpenSSL is missing).
     */
    @ConfigurationProperties("attendance.devices")
    record Settings(@DefaultValue("") List<String> origins, @DefaultValue("") String rpId,
                    @DefaultValue("true") boolean requireKey, @DefaultValue("true") boolean nativeVerify) {
    }

    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Settings settings;
    private final Set<String> origins;
    private final String rpId;
    private final SecureRandom random = new SecureRandom();
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentials = new AttestedCredentialDataConverter(new ObjectConverter());
    /**
     * Each key parsed once (an install key's SPKI into a {@link PublicKey}, a passkey's stored credential into its
     * record), by credential id: a capture then only verifies. A key's bytes never change under its id (one key, one device).
     */
    private final Cache<String, Object> parsed = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    @Autowired
    DeviceKeys(JdbcClient jdbc, Clock clock, Settings settings, AttendanceProperties props) {
        this(jdbc, clock, settings, props.profile());
    }

    DeviceKeys(JdbcClient jdbc, Clock clock, Settings settings, AttendanceProperties.Profile profile) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        if (settings.nativeVerify()) {
            OpenSslEcdsa.install();
        }
        this.origins = Set.copyOf(settings.origins().stream().filter(o -> !o.isBlank())
                .map(o -> o.strip().replaceAll("/+$", "")).toList());
        this.rpId = !settings.rpId().isBlank() ? settings.rpId().strip()
                : origins.isEmpty() ? "" : Origin.create(settings.origins().getFirst().strip()).getHost();
        if (profile == AttendanceProperties.Profile.PRODUCTION) {
            if (origins.isEmpty()) {
                throw new IllegalStateException("attendance.devices.origins must name the web app's origin in production "
                        + "(ATTENDANCE_DEVICES_ORIGINS, e.g. https://attendance.college.edu): a phone's key is bound to it");
            }
            if (!settings.requireKey()) {
                throw new IllegalStateException("attendance.devices.require-key=false is for load tests only; production "
                        + "requires every device to prove itself with its key");
            }
        }
    }

    public boolean requireKey() {
        return settings.requireKey();
    }

    /**
     * The bytes a phone signs for one capture: SHA-256 of a label, the student's e-mail and the submitted code. The web
     * app computes the same (device.js); both must change together.
     */
    public static byte[] captureChallenge(String email, String code) {
        return sha256("attendance-capture/v1\n" + email + "\n" + code);
    }

    /** The code a QR capture submits, as {@link #captureChallenge} reads it. */
    public static String qrCode(String qrToken) {
        return "qr:" + qrToken;
    }

    /** The code an OTP capture submits: the session and the four digits. */
    public static String otpCode(java.util.UUID sessionId, String otp) {
        return "otp:" + sessionId + ":" + otp;
    }

    /** A single-use registration challenge for the student, kept in PostgreSQL so any ingest instance can check it. */
    public DeviceChallenge challenge(String email, String requestOrigin, String requestHost) {
        String rp = relyingParty(requestOrigin, requestHost);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String challenge = B64.encodeToString(bytes);
        jdbc.sql("DELETE FROM device_challenges WHERE expires_at < ?").param(Timestamp.from(clock.instant())).update();
        jdbc.sql("INSERT INTO device_challenges (challenge, user_email, expires_at) VALUES (?, ?, ?)")
                .params(challenge, email, Timestamp.from(clock.instant().plus(CHALLENGE_LIFETIME))).update();
        return new DeviceChallenge(challenge, rp, userHandle(email), CHALLENGE_LIFETIME.toSeconds());
    }

    /**
     * The relying party for a page at {@code origin} (the request's {@code Origin} header) served as {@code host}: the
     * configured one when the college named its origins (and the page must be one of them), else the page's own host.
     */
    String relyingParty(String origin, String host) {
        if (!origins.isEmpty()) {
            if (origin != null && !origins.contains(origin)) {
                throw new ApiException(ErrorCode.DEVICE_PROOF_INVALID, "this page's origin is not the college's web app");
            }
            return rpId;
        }
        // development: the page's own host (the browser's Origin header; behind the web app's proxy the request's Host
        // may be the proxy's upstream), else the request's
        String named = origin != null && !origin.isBlank() && !"null".equals(origin) ? Origin.create(origin).getHost() : host;
        String h = named == null ? "" : named.replaceFirst(":\\d+$", "").replaceAll("^\\[|]$", "").toLowerCase(Locale.ROOT);
        if (h.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "the request names no host");
        }
        return h;
    }

    /** Verifies a registration's key against its challenge (consumed here, once) and the origin it was made on. */
    DeviceKey verify(String email, KeyRegistration r, String requestOrigin, String requestHost) {
        byte[] challenge = consume(email, r.challenge());
        try {
            return switch (r.kind()) {
                case PASSKEY -> passkey(challenge, r, requestHost);
                case INSTALL_KEY -> installKey(challenge, r, requestOrigin, requestHost);
            };
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | GeneralSecurityException e) {
            // webauthn4j's verification failures, and whatever malformed bytes make a parser throw
            throw new ApiException(ErrorCode.DEVICE_PROOF_INVALID, "the phone's key did not verify: " + reason(e));
        }
    }

    private DeviceKey passkey(byte[] challenge, KeyRegistration r, String requestHost) {
        if (r.clientDataJSON() == null || r.attestationObject() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a passkey registration carries clientDataJSON and attestationObject");
        }
        RegistrationData data = webAuthn.parse(new RegistrationRequest(UNB64.decode(r.attestationObject()), UNB64.decode(r.clientDataJSON())));
        Origin origin = data.getCollectedClientData().getOrigin();
        String rp = relyingParty(origin.toString(), requestHost);
        webAuthn.verify(data, new RegistrationParameters(server(rp, challenge), ALGORITHMS, true, true));
        var authenticatorData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authenticatorData.getAttestedCredentialData();
        return new DeviceKey(KeyKind.PASSKEY, B64.encodeToString(credential.getCredentialId()), credentials.convert(credential), rp,
                authenticatorData.isFlagBE());
    }

    private DeviceKey installKey(byte[] challenge, KeyRegistration r, String requestOrigin, String requestHost) throws GeneralSecurityException {
        if (r.publicKey() == null || r.signature() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "an install key's registration carries publicKey and signature");
        }
        byte[] spki = UNB64.decode(r.publicKey());
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("an install key is ECDSA P-256");
        }
        if (!ecdsa(key, challenge, UNB64.decode(r.signature()))) {
            throw new IllegalArgumentException("the signature over the challenge does not verify");
        }
        return new DeviceKey(KeyKind.INSTALL_KEY, B64.encodeToString(sha256(spki)), spki, relyingParty(requestOrigin, requestHost), false);
    }

    /** Whether {@code proof} is the device's key signing {@code challenge} (with the owner's unlock, for a passkey). */
    boolean proves(DeviceKey key, byte[] challenge, Proof proof) {
        if (proof == null || proof.kind() != key.kind()) {
            return false;
        }
        try {
            return switch (key.kind()) {
                case INSTALL_KEY -> ecdsa((PublicKey) parsed.get(key.credentialId(), id -> publicKey(key.publicKey())), challenge,
                        UNB64.decode(proof.signature()));
                case PASSKEY -> assertion(key, challenge, proof);
            };
        } catch (RuntimeException | GeneralSecurityException e) {
            // a failed verification, or bytes no parser makes sense of (webauthn4j throws more than its own exceptions)
            return false;
        }
    }

    private boolean assertion(DeviceKey key, byte[] challenge, Proof proof) {
        if (proof.credentialId() == null || proof.clientDataJSON() == null || proof.authenticatorData() == null
                || !MessageDigest.isEqual(key.credentialId().getBytes(StandardCharsets.US_ASCII),
                proof.credentialId().getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        byte[] credentialId = UNB64.decode(proof.credentialId());
        // the signature counter is not kept: platform passkeys report 0, and checking it would write on every capture
        var record = (CredentialRecordImpl) parsed.get(key.credentialId(), id -> new CredentialRecordImpl(new NoneAttestationStatement(),
                true, key.synced(), null, 0, credentials.convert(key.publicKey()), null, null, null, null));
        webAuthn.verify(new AuthenticationRequest(credentialId, UNB64.decode(proof.authenticatorData()),
                        UNB64.decode(proof.clientDataJSON()), UNB64.decode(proof.signature())),
                new AuthenticationParameters(server(key.rpId(), challenge), record, List.of(credentialId), true, true));
        return true;
    }

    private ServerProperty server(String rp, byte[] challenge) {
        return ServerProperty.builder()
                .originPredicate(o -> origins.isEmpty() ? rp.equals(o.getHost()) && secure(o) : origins.contains(o.toString()))
                .rpId(rp)
                .challenge(new DefaultChallenge(challenge))
                .build();
    }

    /** https, or http on the developer's own machine (browsers allow WebAuthn there). */
    private static boolean secure(Origin o) {
        return "https".equals(o.getScheme()) || ("http".equals(o.getScheme())
                && ("localhost".equals(o.getHost()) || "127.0.0.1".equals(o.getHost())));
    }

    private static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a public key", e);
        }
    }

    /**
     * One verifier per thread, reused (initVerify starts afresh): looking the algorithm up among the providers on every
     * capture showed in the scan's profile beside the verification's own Java side.
     */
    private static final ThreadLocal<Signature> P1363 = ThreadLocal.withInitial(() -> {
        try {
            // WebCrypto signs in IEEE P1363 form (r ‖ s), not DER
            return Signature.getInstance("SHA256withECDSAinP1363Format");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private static boolean ecdsa(PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        Signature verifier = P1363.get();
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
    }

    private byte[] consume(String email, String challenge) {
        return jdbc.sql("DELETE FROM device_challenges WHERE challenge = ? AND user_email = ? AND expires_at > ? RETURNING challenge")
                .params(challenge, email, Timestamp.from(clock.instant()))
                .query(String.class).optional()
                .map(UNB64::decode)
                .orElseThrow(() -> new ApiException(ErrorCode.DEVICE_PROOF_INVALID,
                        "the registration's challenge is unknown, used or expired; ask for a new one"));
    }

    /** The passkey's user handle: opaque (no e-mail on the phone's passkey list beyond the name shown), stable per student. */
    static String userHandle(String email) {
        byte[] digest = sha256("attendance-user/v1\n" + email);
        return B64.encodeToString(java.util.Arrays.copyOf(digest, 16));
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 200 ? m.substring(0, 200) : m;
    }

    static byte[] sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
