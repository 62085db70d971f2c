package edu.attendance.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.platform.postgres.ChangeFeed;
import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One-device binding (docs/rules.md rule 6): the first device binds (ACTIVE); any other device waits (PENDING) for the
 * student's teacher or an admin; an integrity FAIL blocks the device and the account. A device is known by its key
 * ({@link DeviceKeys}: a passkey, else a per-install key) and every capture from it must be signed by that key; a new
 * key is a new device, whatever its browser's fingerprint says (two phones of one model look alike). Only a device
 * without a key (an old app, while the college does not require keys) keeps the older rule: the same fingerprint with a
 * new app UUID is a reinstall and replaces the active device. The database
 * enforces one ACTIVE device per student. Capture checks read an in-memory copy of each student's devices: filled on
 * first use and by every change made here, and dropped on every instance when any instance changes them (the
 * {@link ChangeFeed} channel {@value #CHANNEL}), so a scan needs no database read once the student is known.
 */
@Component
public class Devices {

    /**
     * {@code integrity}: the app's own verdict (STRONG, BASIC, FAIL or none); {@code integrityToken}: a Play Integrity
     * token, which — when the college checks them ({@link PlayIntegrity}) — decides an Android phone's verdict instead.
     */
    /** {@code key}: the phone's key, verified ({@link DeviceKeys#verify}), or null from an app that makes none. */
    public record Registration(String deviceUuid, String fingerprintHash, String platform, String integrity,
                               String integrityToken, DeviceKeys.DeviceKey key) {
    }

    public record Device(UUID deviceId, String email, String deviceUuid, String fingerprintHash, String platform,
                         DeviceStatus status, DeviceKeys.DeviceKey key) {

        Device withStatus(DeviceStatus next) {
            return new Device(deviceId, email, deviceUuid, fingerprintHash, platform, next, key);
        }

        public DeviceKeys.KeyKind keyKind() {
            return key == null ? null : key.kind();
        }
    }

    /** What a capture request's device headers and proof amount to. */
    public enum Check { OK, PENDING, BLOCKED, MISMATCH, PROOF_REQUIRED, PROOF_INVALID }

    static final String CHANNEL = "devices_changed";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ChangeFeed changes;
    private final Accounts accounts;
    private final PlayIntegrity playIntegrity;
    private final DeviceKeys keys;
    /** Every change also reaches this through the feed; the expiry only bounds what a lost notice could leave behind. */
    private final Cache<String, List<Device>> byUser = Caffeine.newBuilder()
            .maximumSize(1_000_000).expireAfterWrite(Duration.ofHours(12)).build();

    public Devices(JdbcClient jdbc, TransactionTemplate tx, ChangeFeed changes, Accounts accounts, PlayIntegrity playIntegrity,
                   DeviceKeys keys) {
        this.accounts = accounts;
        this.keys = keys;
        this.playIntegrity = playIntegrity;
        this.jdbc = jdbc;
        this.tx = tx;
        this.changes = changes;
        changes.listen(CHANNEL, byUser::invalidate, byUser::invalidateAll);
    }

    /**
     * After a change of the student's devices committed: this instance holds the new state, the others forget theirs.
     * Read inside the key's compute, so two changes of one student finishing close together cannot leave the older
     * state behind (the later compute reads after both commits).
     */
    private void changed(String email) {
        byUser.asMap().compute(email, (k, before) -> load(email));
    }

    public Device register(String email, Registration claimed) {
        Registration r = checked(email, claimed);
        for (int attempt = 0; ; attempt++) {
            try {
                Device d = tx.execute(s -> registerOnce(email, r));
                changed(email);
                if (d.status() == DeviceStatus.BLOCKED) {
                    accounts.changed(email); // refused here from the next request; other instances hear the database
                }
                return d;
            } catch (DuplicateKeyException race) {
                // a concurrent registration activated another device first; decide again against it
                if (attempt >= 2) {
                    throw new ApiException(ErrorCode.CONFLICT, "concurrent device registrations; retry");
                }
            }
        }
    }

    /**
     * The registration with the verdict the platform believes: an Android phone's checked token when the college checks
     * Play Integrity (refused without a valid one); otherwise the app's own word, of which only a FAIL counts (rule 6).
     */
    private Registration checked(String email, Registration r) {
        if (!"ANDROID".equals(r.platform()) || !playIntegrity.enabled()) {
            return r;
        }
        String verdict = playIntegrity.verdict(r.integrityToken(), email, r.deviceUuid());
        return new Registration(r.deviceUuid(), r.fingerprintHash(), r.platform(), verdict, null, r.key());
    }

    private Device registerOnce(String email, Registration r) {
        // serialise registrations of one student
        jdbc.sql("SELECT email FROM users WHERE email = ? FOR UPDATE").param(email).query(String.class).optional();
        changes.announce(jdbc, CHANNEL, email);
        boolean blocked = jdbc.sql("SELECT blocked FROM users WHERE email = ?").param(email).query(Boolean.class).single();
        List<Device> devices = load(email);
        if ("FAIL".equals(r.integrity())) {
            // the account is blocked, and with it every device it had: an approved phone stops marking too
            jdbc.sql("UPDATE devices SET status = 'BLOCKED', decided_at = now() WHERE user_email = ? AND status IN ('ACTIVE', 'PENDING')")
                    .param(email).update();
            Device d = insert(email, r, DeviceStatus.BLOCKED);
            jdbc.sql("UPDATE users SET blocked = true, blocked_reason = 'integrity check failed' WHERE email = ?")
                    .param(email).update();
            audit(email, "DEVICE_BLOCKED", d.deviceId().toString(), "{\"reason\":\"integrity FAIL\"}");
            return d;
        }
        if (blocked) {
            throw new ApiException(ErrorCode.DEVICE_BLOCKED, "this account is blocked; ask an admin");
        }
        if (r.key() != null) {
            return registerKeyed(email, r, devices);
        }
        // the app asking again how its keyed device stands (it sends its key only when it makes one)
        Optional<Device> keyed = devices.stream()
                .filter(d -> d.key() != null && d.deviceUuid().equals(r.deviceUuid()))
                .filter(d -> d.status() == DeviceStatus.ACTIVE || d.status() == DeviceStatus.PENDING || d.status() == DeviceStatus.BLOCKED)
                .findFirst();
        if (keyed.isPresent()) {
            return keyed.get();
        }
        if (keys.requireKey()) {
            throw new ApiException(ErrorCode.DEVICE_PROOF_REQUIRED, "the college requires each phone to hold a key: "
                    + "register with a passkey or an install key (update the app)");
        }
        Optional<Device> same = devices.stream()
                .filter(d -> d.deviceUuid().equals(r.deviceUuid()) && d.fingerprintHash().equals(r.fingerprintHash()))
                .filter(d -> d.status() != DeviceStatus.INACTIVE && d.status() != DeviceStatus.REJECTED)
                .findFirst();
        if (same.isPresent()) {
            return same.get();
        }
        Optional<Device> active = devices.stream().filter(d -> d.status() == DeviceStatus.ACTIVE).findFirst();
        if (active.isEmpty()) {
            return insert(email, r, DeviceStatus.ACTIVE);
        }
        if (active.get().fingerprintHash().equals(r.fingerprintHash())) {
            // reinstall on the same phone: new app UUID, same fingerprint
            jdbc.sql("UPDATE devices SET status = 'INACTIVE', decided_at = now() WHERE device_id = ?")
                    .param(active.get().deviceId()).update();
            Device d = insert(email, r, DeviceStatus.ACTIVE);
            audit(email, "DEVICE_REINSTALL", d.deviceId().toString(), null);
            return d;
        }
        Optional<Device> pending = devices.stream()
                .filter(d -> d.status() == DeviceStatus.PENDING && d.fingerprintHash().equals(r.fingerprintHash()))
                .findFirst();
        return pending.orElseGet(() -> insert(email, r, DeviceStatus.PENDING));
    }

    /**
     * A registration with a key: the key's own device if it has one (a device replaced or rejected asks again, PENDING);
     * the app's device from before keys, which takes the key once; else a new device — ACTIVE when the student has
     * none, otherwise PENDING for the teacher (no fingerprint decides it: a friend's phone of the same model looks the same).
     */
    private Device registerKeyed(String email, Registration r, List<Device> devices) {
        DeviceKeys.DeviceKey key = r.key();
        Optional<String> owner = jdbc.sql("SELECT user_email FROM devices WHERE credential_id = ?").param(key.credentialId())
                .query(String.class).optional();
        if (owner.isPresent() && !owner.get().equals(email)) {
            throw new ApiException(ErrorCode.DEVICE_PROOF_INVALID, "this key belongs to another account");
        }
        Optional<Device> known = devices.stream().filter(d -> d.key() != null && d.key().credentialId().equals(key.credentialId())).findFirst();
        if (known.isPresent()) {
            Device d = known.get();
            if (d.status() == DeviceStatus.INACTIVE || d.status() == DeviceStatus.REJECTED) {
                jdbc.sql("UPDATE devices SET status = 'PENDING', requested_at = now(), decided_at = NULL, decided_by = NULL WHERE device_id = ?")
                        .param(d.deviceId()).update();
                return d.withStatus(DeviceStatus.PENDING);
            }
            return d;
        }
        Optional<Device> beforeKeys = devices.stream()
                .filter(d -> d.key() == null && d.deviceUuid().equals(r.deviceUuid()) && d.fingerprintHash().equals(r.fingerprintHash()))
                .filter(d -> d.status() == DeviceStatus.ACTIVE || d.status() == DeviceStatus.PENDING)
                .findFirst();
        if (beforeKeys.isPresent()) {
            attach(beforeKeys.get().deviceId(), key);
            audit(email, "DEVICE_KEY_ADDED", beforeKeys.get().deviceId().toString(), "{\"kind\":\"" + key.kind() + "\"}");
            return new Device(beforeKeys.get().deviceId(), email, r.deviceUuid(), r.fingerprintHash(), r.platform(),
                    beforeKeys.get().status(), key);
        }
        boolean hasActive = devices.stream().anyMatch(d -> d.status() == DeviceStatus.ACTIVE);
        return insert(email, r, hasActive ? DeviceStatus.PENDING : DeviceStatus.ACTIVE);
    }

    private void attach(UUID deviceId, DeviceKeys.DeviceKey key) {
        jdbc.sql("""
                UPDATE devices SET key_kind = ?, credential_id = ?, public_key = ?, rp_id = ?, key_synced = ?, key_added_at = now()
                WHERE device_id = ?
                """).params(key.kind().name(), key.credentialId(), key.publicKey(), key.rpId(), key.synced(), deviceId).update();
    }

    private Device insert(String email, Registration r, DeviceStatus status) {
        UUID id = UUID.randomUUID();
        DeviceKeys.DeviceKey key = r.key();
        jdbc.sql("""
                INSERT INTO devices (device_id, user_email, device_uuid, fingerprint_hash, platform, integrity, status,
                                     key_kind, credential_id, public_key, rp_id, key_synced, key_added_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)
                """).params(id, email, r.deviceUuid(), r.fingerprintHash(), r.platform(), r.integrity(), status.name(),
                        key == null ? null : key.kind().name(), key == null ? null : key.credentialId(),
                        key == null ? null : key.publicKey(), key == null ? null : key.rpId(), key != null && key.synced(), key != null)
                .update();
        return new Device(id, email, r.deviceUuid(), r.fingerprintHash(), r.platform(), status, key);
    }

    private static final String COLUMNS = "device_id, user_email, device_uuid, fingerprint_hash, platform, status, "
            + "key_kind, credential_id, public_key, rp_id, key_synced";

    private static Device row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        String kind = rs.getString(7);
        DeviceKeys.DeviceKey key = kind == null ? null : new DeviceKeys.DeviceKey(DeviceKeys.KeyKind.valueOf(kind),
                rs.getString(8), rs.getBytes(9), rs.getString(10), rs.getBoolean(11));
        return new Device(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                DeviceStatus.valueOf(rs.getString(6)), key);
    }

    private List<Device> load(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM devices WHERE user_email = ? ORDER BY requested_at").param(email)
                .query(Devices::row).list();
    }

    /** Whether {@link #check} would answer from memory (no database read). */
    public boolean known(String email) {
        return byUser.getIfPresent(email) != null;
    }

    /**
     * Checks a capture request's device headers and proof against the student's devices: the active device with a key
     * must have signed {@code challenge} (the code submitted, {@link DeviceKeys#captureChallenge}); one without a key is
     * judged by its fingerprint, and only while the college does not require keys.
     */
    public Check check(String email, String deviceUuid, String fingerprint, Supplier<byte[]> challenge, DeviceKeys.Proof proof) {
        List<Device> devices = byUser.get(email, this::load);
        Device match = null;
        for (DeviceStatus wanted : List.of(DeviceStatus.ACTIVE, DeviceStatus.PENDING, DeviceStatus.BLOCKED)) {
            match = devices.stream().filter(d -> d.status() == wanted && d.deviceUuid().equals(deviceUuid)).findFirst().orElse(null);
            if (match != null) {
                break;
            }
        }
        if (match == null) {
            return Check.MISMATCH;
        }
        return switch (match.status()) {
            case PENDING -> Check.PENDING;
            case BLOCKED -> Check.BLOCKED;
            default -> {
                if (match.key() != null) {
                    yield proof == null ? Check.PROOF_REQUIRED : keys.proves(match.key(), challenge.get(), proof) ? Check.OK : Check.PROOF_INVALID;
                }
                yield keys.requireKey() ? Check.PROOF_REQUIRED : match.fingerprintHash().equals(fingerprint) ? Check.OK : Check.MISMATCH;
            }
        };
    }

    /** The binding state carried in a student's access token. */
    public DeviceStatus.Binding bindingState(String email, boolean blocked) {
        if (blocked) {
            return DeviceStatus.Binding.BLOCKED;
        }
        List<Device> devices = byUser.get(email, this::load);
        if (devices.stream().anyMatch(d -> d.status() == DeviceStatus.ACTIVE)) {
            return DeviceStatus.Binding.ACTIVE;
        }
        return devices.stream().anyMatch(d -> d.status() == DeviceStatus.PENDING) ? DeviceStatus.Binding.PENDING : DeviceStatus.Binding.NONE;
    }

    /** The student's active device id, for events. */
    public Optional<UUID> activeDeviceId(String email) {
        return byUser.get(email, this::load).stream().filter(d -> d.status() == DeviceStatus.ACTIVE).map(Device::deviceId).findFirst();
    }

    /**
     * {@code key}: PASSKEY, INSTALL_KEY or null (an app from before keys). {@code looksLikeActive}: its browser's
     * fingerprint equals the student's active phone's — weak evidence of a reinstall, since two phones of one model
     * look the same.
     */
    public record Pending(UUID deviceId, String studentEmail, String studentName, String rollNo, String platform, DeviceStatus status,
                          Instant requestedAt, DeviceKeys.KeyKind key, boolean looksLikeActive) {
    }

    /** Devices in a status: all of them for an admin, only the caller's students' for a teacher. */
    public List<Pending> list(DeviceStatus status, String teacherEmail) {
        String sql = """
                SELECT d.device_id, d.user_email, d.platform, d.status, d.requested_at, d.key_kind,
                       EXISTS (SELECT 1 FROM devices a WHERE a.user_email = d.user_email AND a.status = 'ACTIVE'
                               AND a.device_id <> d.device_id AND a.fingerprint_hash = d.fingerprint_hash),
                       u.name, sr.roll_no
                FROM devices d LEFT JOIN users u ON u.email = d.user_email LEFT JOIN students sr ON sr.email = d.user_email
                WHERE d.status = :status
                """ + (teacherEmail == null ? "" : """
                  AND EXISTS (SELECT 1 FROM students st JOIN subjects sub ON sub.class_id = st.class_id
                              WHERE st.email = d.user_email AND sub.teacher_email = :teacher)
                """) + " ORDER BY d.requested_at, d.device_id LIMIT 1000";
        var q = jdbc.sql(sql).param("status", status.name());
        if (teacherEmail != null) {
            q = q.param("teacher", teacherEmail);
        }
        return q.query((rs, i) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(8), rs.getString(9),
                rs.getString(3), DeviceStatus.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(),
                rs.getString(6) == null ? null : DeviceKeys.KeyKind.valueOf(rs.getString(6)), rs.getBoolean(7))).list();
    }

    /**
     * A teacher of the student (any subject of the student's class) or an admin approves a PENDING device:
     * it becomes the one ACTIVE device and the previous one INACTIVE; or rejects it. Audited.
     */
    public Device decide(UUID deviceId, boolean approve, String actor, String teacherEmail) {
        Device result = tx.execute(s -> {
            Device d = jdbc.sql("SELECT " + COLUMNS + " FROM devices WHERE device_id = ?").param(deviceId)
                    .query(Devices::row)
                    .optional()
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no device " + deviceId));
            if (teacherEmail != null && !teaches(teacherEmail, d.email())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "not a device of your students");
            }
            jdbc.sql("SELECT email FROM users WHERE email = ? FOR UPDATE").param(d.email()).query(String.class).optional();
            changes.announce(jdbc, CHANNEL, d.email());
            DeviceStatus current = DeviceStatus.valueOf(jdbc.sql("SELECT status FROM devices WHERE device_id = ?").param(deviceId)
                    .query(String.class).single());
            if (current != DeviceStatus.PENDING) {
                throw new ApiException(ErrorCode.CONFLICT, "device " + deviceId + " is " + current + ", not PENDING");
            }
            DeviceStatus next = approve ? DeviceStatus.ACTIVE : DeviceStatus.REJECTED;
            if (approve) {
                jdbc.sql("UPDATE devices SET status = 'INACTIVE', decided_at = now(), decided_by = ? WHERE user_email = ? AND status = 'ACTIVE'")
                        .params(actor, d.email()).update();
            }
            jdbc.sql("UPDATE devices SET status = ?, decided_at = now(), decided_by = ? WHERE device_id = ?")
                    .params(next.name(), actor, deviceId).update();
            // built by PostgreSQL, so no value can break out of its string
            jdbc.sql("""
                    INSERT INTO audit_log (actor, action, target, before, after)
                    VALUES (?, ?, ?, jsonb_build_object('status', 'PENDING', 'student', ?::text), jsonb_build_object('status', ?::text))
                    """)
                    .params(actor, approve ? "DEVICE_APPROVED" : "DEVICE_REJECTED", "device:" + deviceId, d.email(), next.name())
                    .update();
            return d.withStatus(next);
        });
        changed(result.email());
        return result;
    }

    /** An admin lifts an integrity block: the account may bind a device again (the blocked device stays refused). */
    public void unblock(String email, String actor) {
        tx.executeWithoutResult(s -> {
            int n = jdbc.sql("UPDATE users SET blocked = false, blocked_reason = NULL WHERE email = ? AND blocked")
                    .param(email).update();
            if (n == 0) {
                boolean exists = jdbc.sql("SELECT count(*) FROM users WHERE email = ?").param(email).query(Long.class).single() > 0;
                throw new ApiException(exists ? ErrorCode.CONFLICT : ErrorCode.NOT_FOUND,
                        exists ? email + " is not blocked" : "no user " + email);
            }
            jdbc.sql("UPDATE devices SET status = 'REJECTED', decided_at = now(), decided_by = ? WHERE user_email = ? AND status = 'BLOCKED'")
                    .params(actor, email).update();
            changes.announce(jdbc, CHANNEL, email);
            jdbc.sql("INSERT INTO audit_log (actor, action, target, before, after) VALUES (?, 'USER_UNBLOCKED', ?, '{\"blocked\":true}', '{\"blocked\":false}')")
                    .params(actor, "user:" + email).update();
        });
        changed(email);
    }

    private boolean teaches(String teacherEmail, String studentEmail) {
        return jdbc.sql("""
                SELECT count(*) FROM students st JOIN subjects sub ON sub.class_id = st.class_id
                WHERE st.email = ? AND sub.teacher_email = ?
                """).params(studentEmail, teacherEmail).query(Long.class).single() > 0;
    }

    private void audit(String actor, String action, String target, String after) {
        jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, ?, ?, ?::jsonb)")
                .params(actor, action, target, after).update();
    }
}
