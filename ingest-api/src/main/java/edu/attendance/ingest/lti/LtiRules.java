package edu.attendance.ingest.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import edu.attendance.platform.security.Role;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of an LTI 1.3 launch as plain Java (docs/lms.md, "What a launch must prove"): the claims an LMS's
 * {@code id_token} must carry for this tool, which roles of the LMS are which roles here, and what a registration must
 * hold. The signature is checked before these, against the LMS's published keys ({@link LtiLaunches}).
 */
final class LtiRules {

    static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    static final String NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    static final String AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    static final String NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

    /** Why a launch was refused: the stable {@code reason} of a {@code LTI_LAUNCH_REFUSED} problem. */
    enum Reason {
        /** The launch's state was never issued here, was used already, or its login took too long. */
        STATE_UNKNOWN,
        /** The launch came back to another browser than the one that started the login (its cookie is missing). */
        BROWSER_MISMATCH,
        /** The LMS answered the login with an error of its own (the user refused, or is not signed in there). */
        PLATFORM_ERROR,
        /** The token is not a signed JWT at all. */
        MALFORMED,
        /** No key of the LMS's published set verifies it, or it is signed with another algorithm than RS256. */
        BAD_SIGNATURE,
        /** Issued by another LMS than the login was started for. */
        WRONG_ISSUER,
        /** Not for this tool's client id (audience), or for several parties without naming this tool (azp). */
        WRONG_AUDIENCE,
        /** Past its expiry, or issued in the future, beyond the tolerated clock difference. */
        EXPIRED,
        /** Its nonce is not the one this login sent: a token replayed into another login. */
        NONCE_MISMATCH,
        /** A deployment of the tool the admin did not register. */
        UNKNOWN_DEPLOYMENT,
        /** A message this tool does not take (only resource-link launches), or another LTI version than 1.3.0. */
        WRONG_MESSAGE,
        /** The LMS sent neither an e-mail nor a user this platform learned from the course roster. */
        UNKNOWN_USER,
        /** The person's role here is none of the roles the LMS gives them in this course. */
        ROLE_MISMATCH
    }

    /** A launch refused, with its reason and a sentence for the person. */
    static final class Refused extends RuntimeException {
        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    /** What this tool knows of the LMS a launch comes from. */
    record Registration(UUID id, String issuer, String clientId, List<String> deploymentIds) {
    }

    /** An LMS course, as the launch names it. */
    record Context(String id, String label, String title) {
    }

    /** A launch that passed: who, in which course, with which services offered. */
    record Launch(String userId, String email, String name, Set<Role> roles, String deploymentId, Context context,
                  String membershipsUrl, String lineItemsUrl, List<String> agsScopes) {
    }

    private LtiRules() {
    }

    /**
     * The claims of a launch whose signature verified, checked in the order of the LTI 1.3 core specification (5.1.3):
     * issuer, audience and authorised party, expiry and issue time (with {@code skew} either way), the login's nonce,
     * the deployment, the message type and version.
     */
    static Launch check(JWTClaimsSet claims, Registration platform, String expectedNonce, Instant now, Duration skew) {
        if (!platform.issuer().equals(claims.getIssuer())) {
            throw new Refused(Reason.WRONG_ISSUER, "the launch was issued by another LMS than the one the login started at");
        }
        List<String> audience = claims.getAudience() == null ? List.of() : claims.getAudience();
        if (!audience.contains(platform.clientId())) {
            throw new Refused(Reason.WRONG_AUDIENCE, "the launch is not addressed to this tool");
        }
        String azp = string(claims, "azp");
        if ((audience.size() > 1 || azp != null) && !platform.clientId().equals(azp)) {
            throw new Refused(Reason.WRONG_AUDIENCE, "the launch names another authorised party than this tool");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null || !now.isBefore(exp.toInstant().plus(skew)) || now.plus(skew).isBefore(iat.toInstant())) {
            throw new Refused(Reason.EXPIRED, "the launch has expired (or its clock is off); start it again from the course");
        }
        String nonce = string(claims, "nonce");
        if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(Reason.NONCE_MISMATCH, "the launch does not belong to this login");
        }
        String deployment = string(claims, LTI + "deployment_id");
        if (deployment == null || !platform.deploymentIds().contains(deployment)) {
            throw new Refused(Reason.UNKNOWN_DEPLOYMENT, "this deployment of the tool is not registered here; ask the college office");
        }
        if (!"LtiResourceLinkRequest".equals(string(claims, LTI + "message_type"))) {
            throw new Refused(Reason.WRONG_MESSAGE, "only links to the tool are taken (LtiResourceLinkRequest)");
        }
        if (!"1.3.0".equals(string(claims, LTI + "version"))) {
            throw new Refused(Reason.WRONG_MESSAGE, "only LTI 1.3.0 launches are taken");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new Refused(Reason.UNKNOWN_USER, "the LMS did not say who is launching (an anonymous launch)");
        }
        Map<String, Object> context = map(claims, LTI + "context");
        Context course = context == null || !(context.get("id") instanceof String id) || id.isBlank() ? null
                : new Context(id, text(context.get("label")), text(context.get("title")));
        Map<String, Object> nrps = map(claims, NRPS_CLAIM);
        Map<String, Object> ags = map(claims, AGS_CLAIM);
        List<String> agsScopes = new ArrayList<>();
        if (ags != null && ags.get("scope") instanceof List<?> scopes) {
            scopes.forEach(s -> agsScopes.add(String.valueOf(s)));
        }
        String email = string(claims, "email");
        return new Launch(sub, email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT),
                string(claims, "name"), roles(strings(claims, LTI + "roles")), deployment, course,
                nrps == null ? null : text(nrps.get("context_memberships_url")),
                ags == null ? null : text(ags.get("lineitems")), List.copyOf(agsScopes));
    }

    /**
     * The platform's roles an LMS's roles stand for (LIS vocabulary, LTI 1.3 core A.2): any administrator (system,
     * institution or course) → ADMIN; instructor, teaching assistant, content developer, mentor → TEACHER; learner →
     * STUDENT. The short forms some LMSs send ({@code Instructor}) count too.
     */
    static Set<Role> roles(List<String> ltiRoles) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String r : ltiRoles) {
            switch (r.substring(Math.max(r.lastIndexOf('#'), r.lastIndexOf('/')) + 1)) {
                case "Administrator", "SysAdmin" -> out.add(Role.ADMIN);
                case "Instructor", "TeachingAssistant", "ContentDeveloper", "Mentor", "Faculty" -> out.add(Role.TEACHER);
                case "Learner", "Student" -> out.add(Role.STUDENT);
                default -> {
                }
            }
        }
        return out;
    }

    /**
     * The person's role here must be one of the roles the LMS gives them: roles follow this platform's database, and a
     * launch never lifts anyone (a student the LMS calls an instructor is refused, not made a teacher).
     */
    static void requireRole(Role here, Set<Role> fromLms) {
        if (!fromLms.contains(here)) {
            throw new Refused(Reason.ROLE_MISMATCH, "you are a " + here.name().toLowerCase(Locale.ROOT) + " here but "
                    + (fromLms.isEmpty() ? "have no role the tool knows" : "a " + String.join(" or ", fromLms.stream()
                    .map(r -> r.name().toLowerCase(Locale.ROOT)).toList())) + " in this LMS course; ask the college office");
        }
    }

    /** A registration's addresses: absolute https URLs (http only where the settings allow it: a test platform). */
    static List<String> urlProblems(Map<String, String> urls, boolean allowHttp) {
        List<String> problems = new ArrayList<>();
        urls.forEach((field, value) -> {
            URI uri;
            try {
                uri = value == null ? null : new URI(value.strip());
            } catch (Exception e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || allowHttp && "http".equals(uri.getScheme()))) {
                problems.add(field + ": an absolute " + (allowHttp ? "http(s)" : "https") + " URL");
            }
        });
        return problems;
    }

    /** The origin ({@code scheme://host[:port]}) of a URL, as a Content-Security-Policy source. */
    static String origin(String url) {
        URI uri = URI.create(url.strip());
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** The frame origins of a registration: those given, else the issuer's and the login endpoint's. */
    static List<String> frameOrigins(List<String> given, String issuer, String authLoginUrl) {
        Set<String> out = new LinkedHashSet<>();
        if (given == null || given.isEmpty()) {
            out.add(origin(issuer));
            out.add(origin(authLoginUrl));
        } else {
            given.forEach(o -> out.add(origin(o)));
        }
        return List.copyOf(out);
    }

    private static String string(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new Refused(Reason.MALFORMED, "the launch's " + name + " is not text");
        }
    }

    private static List<String> strings(JWTClaimsSet claims, String name) {
        try {
            List<String> list = claims.getStringListClaim(name);
            return list == null ? List.of() : list;
        } catch (ParseException e) {
            throw new Refused(Reason.MALFORMED, "the launch's roles are not a list of text");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }
}
