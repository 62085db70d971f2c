package edu.attendance.ingest.lti;

import edu.attendance.ingest.audit.AuditLog;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.lti.LtiServices;
import edu.attendance.platform.lti.LtiSettings;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The LMSs an admin registered (docs/lms.md, "Registering the tool"): each with its issuer, the client id it gave this
 * tool, the deployments it may launch from, its login, token and key-set endpoints, and the origins of its pages that
 * may show the tool in a frame. Every change is audited.
 */
@Component
class LtiPlatforms {

    /** A registration as stored and shown. */
    record Platform(UUID id, String name, String issuer, String clientId, List<String> deploymentIds, String authLoginUrl,
                    String tokenUrl, String jwksUrl, List<String> frameOrigins) {

        LtiRules.Registration registration() {
            return new LtiRules.Registration(id, issuer, clientId, deploymentIds);
        }

        LtiServices.Platform services() {
            return new LtiServices.Platform(id, clientId, tokenUrl);
        }
    }

    /** What an admin sends to register an LMS (or change a registration). */
    record Form(String name, String issuer, String clientId, List<String> deploymentIds, String authLoginUrl,
                String tokenUrl, String jwksUrl, List<String> frameOrigins) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean allowHttp;

    LtiPlatforms(JdbcClient jdbc, AuditLog audit, Clock clock, LtiSettings settings, AttendanceProperties props) {
        if (settings.allowHttp() && props.profile() == AttendanceProperties.Profile.PRODUCTION) {
            throw new IllegalStateException("attendance.lti.allow-http=true is refused in production: an LMS is reached over https");
        }
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.allowHttp = settings.allowHttp();
    }

    List<Platform> all() {
        return jdbc.sql("SELECT * FROM lti_platforms ORDER BY name, issuer").query(LtiPlatforms::row).list();
    }

    Optional<Platform> find(UUID id) {
        return jdbc.sql("SELECT * FROM lti_platforms WHERE platform_id = ?").param(id).query(LtiPlatforms::row).optional();
    }

    /** The registrations of an issuer: one per client id (an LMS may hold the tool twice, e.g. test and live). */
    List<Platform> ofIssuer(String issuer) {
        return jdbc.sql("SELECT * FROM lti_platforms WHERE issuer = ?").param(issuer).query(LtiPlatforms::row).list();
    }

    @Transactional
    Platform register(String admin, Form form) {
        Platform p = validated(UUID.randomUUID(), form);
        try {
            jdbc.sql("""
                    INSERT INTO lti_platforms (platform_id, name, issuer, client_id, deployment_ids, auth_login_url, token_url,
                        jwks_url, frame_origins, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).params(p.id(), p.name(), p.issuer(), p.clientId(), p.deploymentIds().toArray(String[]::new),
                    p.authLoginUrl(), p.tokenUrl(), p.jwksUrl(), p.frameOrigins().toArray(String[]::new), admin,
                    java.sql.Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.CONFLICT, "this LMS (issuer and client id) is registered already");
        }
        audit.write(admin, "LTI_PLATFORM_REGISTERED", p.id().toString(), view(p));
        return p;
    }

    @Transactional
    Platform change(String admin, UUID id, Form form) {
        find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such LMS registration"));
        Platform p = validated(id, form);
        try {
            jdbc.sql("""
                    UPDATE lti_platforms SET name = ?, issuer = ?, client_id = ?, deployment_ids = ?, auth_login_url = ?,
                        token_url = ?, jwks_url = ?, frame_origins = ? WHERE platform_id = ?
                    """).params(p.name(), p.issuer(), p.clientId(), p.deploymentIds().toArray(String[]::new), p.authLoginUrl(),
                    p.tokenUrl(), p.jwksUrl(), p.frameOrigins().toArray(String[]::new), id).update();
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.CONFLICT, "this LMS (issuer and client id) is registered already");
        }
        audit.write(admin, "LTI_PLATFORM_CHANGED", id.toString(), view(p));
        return p;
    }

    /** Removes the registration with its course links and user links; launches from it are refused from now on. */
    @Transactional
    void remove(String admin, UUID id) {
        Platform p = find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such LMS registration"));
        jdbc.sql("DELETE FROM lti_platforms WHERE platform_id = ?").param(id).update();
        audit.write(admin, "LTI_PLATFORM_REMOVED", id.toString(), view(p));
    }

    private Platform validated(UUID id, Form form) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("issuer", form.issuer());
        urls.put("authLoginUrl", form.authLoginUrl());
        urls.put("tokenUrl", form.tokenUrl());
        urls.put("jwksUrl", form.jwksUrl());
        List<String> frames = form.frameOrigins() == null ? List.of() : form.frameOrigins();
        for (int i = 0; i < frames.size(); i++) {
            urls.put("frameOrigins[" + i + "]", frames.get(i));
        }
        List<String> problems = new java.util.ArrayList<>(LtiRules.urlProblems(urls, allowHttp));
        List<String> deployments = form.deploymentIds() == null ? List.of()
                : form.deploymentIds().stream().map(String::strip).filter(d -> !d.isEmpty()).distinct().toList();
        if (deployments.isEmpty()) {
            problems.add("deploymentIds: at least one (the LMS shows it when the tool is added)");
        }
        if (form.name() == null || form.name().isBlank()) {
            problems.add("name: required");
        }
        if (form.clientId() == null || form.clientId().isBlank()) {
            problems.add("clientId: required");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, String.join("; ", problems), Map.of("errors", problems));
        }
        return new Platform(id, form.name().strip(), form.issuer().strip(), form.clientId().strip(), deployments,
                form.authLoginUrl().strip(), form.tokenUrl().strip(), form.jwksUrl().strip(),
                LtiRules.frameOrigins(frames, form.issuer(), form.authLoginUrl()));
    }

    private static Map<String, Object> view(Platform p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("issuer", p.issuer());
        m.put("clientId", p.clientId());
        m.put("deploymentIds", p.deploymentIds());
        m.put("frameOrigins", p.frameOrigins());
        return m;
    }

    private static Platform row(ResultSet rs, int n) throws SQLException {
        return new Platform(rs.getObject("platform_id", UUID.class), rs.getString("name"), rs.getString("issuer"),
                rs.getString("client_id"), strings(rs.getArray("deployment_ids")), rs.getString("auth_login_url"),
                rs.getString("token_url"), rs.getString("jwks_url"), strings(rs.getArray("frame_origins")));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
