package edu.attendance.platform.lti;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The LTI tool's settings ({@code attendance.lti.*}; docs/lms.md): the tool's own key file (a JWK set, by default
 * {@code <data>/keys/lti-tool.jwks.json}, generated on first start, rotated with {@code ./attendance keys rotate --lti}),
 * how long a login may take from initiation to launch, the clock difference tolerated in a platform's tokens, how long a
 * call to the LMS may take, and whether LMS addresses may be plain {@code http} (never in production).
 *
 * @param toolKeyFile  the tool's signing keys; shared by every instance that calls the LMS (ingest and reports)
 * @param loginTtl     a login initiation's state and nonce live this long
 * @param clockSkew    tolerated difference between the LMS's clock and ours in {@code iat}/{@code exp}
 * @param callTimeout  one call to the LMS's token, roster or grade service
 * @param allowHttp    LMS addresses over plain http (a test platform on this machine); production refuses it
 * @param toolUrl      the tool's public address as the LMS reaches it ({@code https://attendance.college.edu}); blank:
 *                     taken from each request's {@code Host}
 */
@ConfigurationProperties("attendance.lti")
public record LtiSettings(Path toolKeyFile,
                          @DefaultValue("PT5M") Duration loginTtl,
                          @DefaultValue("PT1M") Duration clockSkew,
                          @DefaultValue("PT10S") Duration callTimeout,
                          @DefaultValue("false") boolean allowHttp,
                          @DefaultValue("") String toolUrl) {

    public LtiSettings {
        if (loginTtl.isNegative() || loginTtl.isZero() || clockSkew.isNegative() || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("attendance.lti: login-ttl and call-timeout > 0, clock-skew ≥ 0");
        }
    }

    /** The tool key file as configured, else under the data directory. */
    public Path toolKeyFile(Path dataDir) {
        return toolKeyFile != null ? toolKeyFile : dataDir.resolve("keys").resolve("lti-tool.jwks.json");
    }
}
