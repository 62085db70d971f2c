package edu.attendance.platform.security;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a service refuses to start on under {@code ATTENDANCE_PROFILE=production} (docs/rules.md, "Production"): each
 * refusal says what is wrong and which setting mends it, all of them at once. Under DEVELOPMENT nothing is refused.
 */
final class ProductionSafety {

    /** The demo college's domain: no account of it belongs in a real college. */
    static final String DEMO_DOMAIN = "college.test";
    static final String BROWSER_CLIENT = "spring.security.oauth2.client.registration.google.client-id";

    /** The settings were checked for this profile (a bean, so the check runs at every start). */
    public record Checked(AttendanceProperties.Profile profile) {
    }

    private ProductionSafety() {
    }

    /** Refuses to go on when {@link #refusals} finds anything. */
    public static void check(AttendanceProperties props, AuthSettings auth, Environment env, boolean issuesTokens) {
        List<String> refusals = refusals(props, auth, env, issuesTokens);
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("refusing to start with ATTENDANCE_PROFILE=production:\n  - "
                    + String.join("\n  - ", refusals));
        }
    }

    /** {@code issuesTokens}: this service signs access tokens itself (ingest); the others need the issuer's JWKS. */
    public static List<String> refusals(AttendanceProperties props, AuthSettings auth, Environment env, boolean issuesTokens) {
        List<String> refusals = new ArrayList<>();
        if (props.profile() != AttendanceProperties.Profile.PRODUCTION) {
            return refusals;
        }
        if (auth.devLogin()) {
            refusals.add("the demo's password-free sign-in is on (attendance.auth.dev-login): unset ATTENDANCE_AUTH_DEV_LOGIN");
        }
        String browserClient = env.getProperty(BROWSER_CLIENT, "");
        if (!auth.google().enabled() && browserClient.isBlank()) {
            refusals.add("no way to sign in: set ATTENDANCE_AUTH_GOOGLE_CLIENT_IDS (the apps' Google client ids) and/or "
                    + "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_GOOGLE_CLIENT_ID and _CLIENT_SECRET (the browser)");
        }
        String admin = props.bootstrapAdmin().strip().toLowerCase(Locale.ROOT);
        String domain = auth.allowedDomain().strip().toLowerCase(Locale.ROOT);
        if (admin.isEmpty()) {
            refusals.add("no first admin named: set ATTENDANCE_BOOTSTRAP_ADMIN to the e-mail of the college's administrator");
        } else if (admin.endsWith("@" + DEMO_DOMAIN)) {
            refusals.add("the first admin is the demo's (" + admin + "): set ATTENDANCE_BOOTSTRAP_ADMIN to a college address");
        } else if (!domain.isEmpty() && !admin.endsWith("@" + domain)) {
            refusals.add("the first admin " + admin + " is outside the allowed domain " + domain
                    + ": nobody could sign in as them (ATTENDANCE_BOOTSTRAP_ADMIN, ATTENDANCE_AUTH_ALLOWED_DOMAIN)");
        }
        String forwarded = env.getProperty("server.forward-headers-strategy", "none").strip().toLowerCase(Locale.ROOT);
        if (!forwarded.equals("none")) {
            refusals.add("server.forward-headers-strategy is " + forwarded + ": it believes the left-most X-Forwarded-For, "
                    + "which a client writes; unset SERVER_FORWARD_HEADERS_STRATEGY, name the proxies in "
                    + "ATTENDANCE_CAPTURE_TRUSTED_PROXIES and the sign-in's redirect URI explicitly (docs/operations.md)");
        }
        if (!issuesTokens && auth.jwksUri().isBlank()) {
            refusals.add("this service does not issue tokens and has no way to verify them: set ATTENDANCE_AUTH_JWKS_URI "
                    + "to the ingest service's /.well-known/jwks.json (the private key stays with ingest)");
        }
        if (domain.equals(DEMO_DOMAIN)) {
            refusals.add("the allowed e-mail domain is the demo's: set ATTENDANCE_AUTH_ALLOWED_DOMAIN to the college's");
        }
        return refusals;
    }
}
