package edu.attendance.platform.security;

import edu.attendance.platform.AttendanceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every unsafe production start is refused, with a reason naming the setting; a safe one and any development one start. */
class ProductionSafetyTest {

    /** A production deployment as the deployment files describe it, with the settings filled in. */
    static Map<String, String> safe() {
        Map<String, String> s = new HashMap<>();
        s.put("attendance.profile", "production");
        s.put("attendance.bootstrap-admin", "registrar@college.edu");
        s.put("attendance.auth.allowed-domain", "college.edu");
        s.put("attendance.auth.google.client-ids", "app-client-id");
        return s;
    }

    static List<String> refusals(Map<String, String> settings) {
        return refusals(settings, true);
    }

    static List<String> refusals(Map<String, String> settings, boolean issuesTokens) {
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        AttendanceProperties props = binder.bindOrCreate("attendance", AttendanceProperties.class);
        AuthSettings auth = binder.bindOrCreate("attendance.auth", AuthSettings.class);
        MockEnvironment env = new MockEnvironment();
        settings.forEach(env::setProperty);
        return ProductionSafety.refusals(props, auth, env, issuesTokens);
    }

    @Test
    void aFilledInProductionStartIsAccepted() {
        assertThat(refusals(safe())).isEmpty();
        Map<String, String> browserOnly = safe();
        browserOnly.remove("attendance.auth.google.client-ids");
        browserOnly.put(ProductionSafety.BROWSER_CLIENT, "web-client-id");
        assertThat(refusals(browserOnly)).isEmpty();
    }

    @Test
    void devLoginIsRefused() {
        Map<String, String> s = safe();
        s.put("attendance.auth.dev-login", "true");
        assertThat(refusals(s)).singleElement().asString().contains("ATTENDANCE_AUTH_DEV_LOGIN");
    }

    @Test
    void noSignInMethodIsRefused() {
        Map<String, String> s = safe();
        s.remove("attendance.auth.google.client-ids");
        s.put("attendance.auth.google.client-ids", " ");
        assertThat(refusals(s)).singleElement().asString().contains("no way to sign in");
    }

    @Test
    void theFirstAdminMustBeNamedAndBeTheCollegesOwn() {
        Map<String, String> none = safe();
        none.remove("attendance.bootstrap-admin");
        assertThat(refusals(none)).singleElement().asString().contains("ATTENDANCE_BOOTSTRAP_ADMIN");
        Map<String, String> demo = safe();
        demo.put("attendance.bootstrap-admin", "admin@college.test");
        assertThat(refusals(demo)).anySatisfy(r -> assertThat(r).contains("the demo's"));
        Map<String, String> outside = safe();
        outside.put("attendance.bootstrap-admin", "someone@gmail.com");
        assertThat(refusals(outside)).singleElement().asString().contains("outside the allowed domain");
        Map<String, String> demoDomain = safe();
        demoDomain.put("attendance.auth.allowed-domain", "college.test");
        assertThat(refusals(demoDomain)).anySatisfy(r -> assertThat(r).contains("ATTENDANCE_AUTH_ALLOWED_DOMAIN"));
    }

    @Test
    void aForwardedHeadersStrategyIsRefused() {
        Map<String, String> s = safe();
        s.put("server.forward-headers-strategy", "framework");
        assertThat(refusals(s)).singleElement().asString().contains("SERVER_FORWARD_HEADERS_STRATEGY");
    }

    @Test
    void aServiceThatDoesNotIssueTokensNeedsTheIssuersPublicKeys() {
        assertThat(refusals(safe(), false)).singleElement().asString().contains("ATTENDANCE_AUTH_JWKS_URI");
        Map<String, String> s = safe();
        s.put("attendance.auth.jwks-uri", "http://ingest:8080/.well-known/jwks.json");
        assertThat(refusals(s, false)).isEmpty();
    }

    @Test
    void everyReasonIsGivenAtOnceAndStopsTheStart() {
        Map<String, String> s = Map.of("attendance.profile", "PRODUCTION", "attendance.auth.dev-login", "true");
        assertThat(refusals(s)).hasSize(3);
        Binder binder = new Binder(new MapConfigurationPropertySource(s));
        assertThatThrownBy(() -> ProductionSafety.check(binder.bindOrCreate("attendance", AttendanceProperties.class),
                binder.bindOrCreate("attendance.auth", AuthSettings.class), new MockEnvironment(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ATTENDANCE_PROFILE=production").hasMessageContaining("dev-login").hasMessageContaining("sign in");
    }

    @Test
    void developmentStartsWhateverItIsGiven() {
        assertThat(refusals(Map.of("attendance.auth.dev-login", "true"))).isEmpty();
    }
}
