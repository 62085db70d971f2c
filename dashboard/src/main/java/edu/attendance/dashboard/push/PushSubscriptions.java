package edu.attendance.dashboard.push;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/** The Web Push subscriptions of closed browser apps (this module's table), one per browser endpoint. */
@Component
class PushSubscriptions {

    /** Where a browser is reached, and its keys (base64url): the P-256 point and the auth secret. */
    public record Subscription(String endpoint, String p256dh, String auth) {
    }

    private final JdbcClient jdbc;

    public PushSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A person's browsers and phones: more than this and the oldest subscription goes (one account could otherwise file
     * endless endpoints and make every notice a flood of pushes).
     */
    static final int PER_ACCOUNT = 10;

    /**
     * Keeps a browser's subscription for {@code email}; a browser subscribing again replaces its earlier keys and owner
     * and counts as the newest; past {@link #PER_ACCOUNT} the account's oldest are dropped.
     */
    public void save(String email, Subscription s) {
        jdbc.sql("""
                INSERT INTO push_subscriptions (endpoint, email, p256dh, auth) VALUES (?, ?, ?, ?)
                ON CONFLICT (endpoint) DO UPDATE SET email = EXCLUDED.email, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
                                                     created_at = now()
                """).params(s.endpoint(), email, s.p256dh(), s.auth()).update();
        jdbc.sql("""
                DELETE FROM push_subscriptions WHERE email = ? AND endpoint NOT IN (
                    SELECT endpoint FROM push_subscriptions WHERE email = ? ORDER BY created_at DESC, endpoint LIMIT ?)
                """).params(email, email, PER_ACCOUNT).update();
    }

    /** The caller's own subscription at that endpoint, if any, is removed. */
    public void remove(String email, String endpoint) {
        jdbc.sql("DELETE FROM push_subscriptions WHERE endpoint = ? AND email = ?").params(endpoint, email).update();
    }

    public List<Subscription> of(String email) {
        return jdbc.sql("SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE email = ?").param(email)
                .query((rs, i) -> new Subscription(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Every subscription of these people, named by the SHA-256 of their e-mail (an erasure). */
    public int eraseByHash(List<String> emailHashes) {
        return jdbc.sql("DELETE FROM push_subscriptions WHERE encode(sha256(convert_to(lower(email), 'UTF8')), 'hex') = ANY(?)")
                .param(emailHashes.toArray(String[]::new)).update();
    }

    /** The push service says the endpoint is gone. */
    public void forget(String endpoint) {
        jdbc.sql("DELETE FROM push_subscriptions WHERE endpoint = ?").param(endpoint).update();
    }
}
