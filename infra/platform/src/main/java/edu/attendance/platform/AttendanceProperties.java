package edu.attendance.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/** Every {@code attendance.*} setting, typed and validated at start-up; defaults fit the embedded run. */
@Validated
@ConfigurationProperties("attendance")
public record AttendanceProperties(
        @NotNull @DefaultValue("data") Path dataDir,
        @NotNull @DefaultValue("UTC") ZoneId collegeZone,
        @NotBlank @DefaultValue("admin@college.test") String bootstrapAdmin,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Capture capture,
        @Valid @NotNull @DefaultValue Push push,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue ClickHouse clickhouse,
        @Valid @NotNull @DefaultValue Reports reports) {

    public record Auth(
            @DefaultValue("false") boolean devLogin,
            /** JWK file holding the RSA signing key; generated on first start when absent. */
            Path jwtKeyFile,
            @NotNull @DefaultValue("15m") Duration accessTokenTtl,
            @NotNull @DefaultValue("30d") Duration refreshTokenTtl,
            @NotBlank @DefaultValue("attendance-platform") String issuer,
            /** Only e-mails of this domain may log in (e.g. {@code college.edu}); empty: any domain. */
            @DefaultValue("") String allowedDomain,
            /** Where the browser sign-in ends: the web app, which reads the tokens from the URL fragment. */
            @NotBlank @DefaultValue("/") String webAppUrl,
            @Valid @NotNull @DefaultValue Google google) {
    }

    /** Google sign-in: ID tokens from the mobile app are checked against this issuer and these client ids. */
    public record Google(
            @NotBlank @DefaultValue("https://accounts.google.com") String issuer,
            /** JWKS location; discovered from the issuer when empty. */
            @DefaultValue("") String jwkSetUri,
            /** Accepted audiences (the OAuth client ids of the apps); empty disables Google sign-in. */
            @DefaultValue("") java.util.List<String> clientIds) {
    }

    public record Sessions(
            /** How often the projected QR code changes; a code is valid in its window and the next (see the README). */
            @Min(2) @Max(60) @DefaultValue("2") int qrRotationSeconds,
            @Min(0) @Max(180) @DefaultValue("5") int lateAfterMinutes,
            @Min(1) @Max(600) @DefaultValue("60") int defaultDurationMinutes,
            /** How often sessions past their end are closed (and their absences decided). */
            @NotNull @DefaultValue("2s") Duration autoCloseInterval,
            /** Master key (base64, 32 bytes) encrypting per-session secrets; generated into the data dir when absent. */
            String secretsKey) {
    }

    /** Capture policy: anti-proxy signals, offline sync, rate limits (docs/rules.md rules 7, 8, 10). */
    public record Capture(
            /** A submission whose risk score reaches this is FLAGGED for the teacher. */
            @Min(1) @Max(1000) @DefaultValue("50") int riskThreshold,
            /** The college's networks (CIDR); a capture from elsewhere is a signal. Empty: not checked. */
            @DefaultValue("") java.util.List<String> campusCidrs,
            /** Load balancers (CIDR) whose X-Forwarded-For names the client; empty: the peer is the client. */
            @DefaultValue("") java.util.List<String> trustedProxies,
            /** Beyond this distance (plus both accuracies) from the teacher's location a capture is a signal. */
            @Min(10) @DefaultValue("150") int maxDistanceMeters,
            /** A student's location less accurate than this says nothing about the room and counts as none. */
            @Min(50) @DefaultValue("1000") int coarseLocationMeters,
            /** Offline submissions are accepted until this long after the session ended. */
            @NotNull @DefaultValue("2h") Duration offlineSyncLimit,
            /** More captures than this from one off-campus address within ten seconds are a burst. */
            @Min(2) @DefaultValue("20") int burstLimit,
            /** Capture requests per student per minute, and per address per minute. */
            @Min(1) @DefaultValue("30") int perStudentPerMinute,
            @Min(1) @DefaultValue("3000") int perAddressPerMinute) {
    }

    /** Web Push (VAPID) for closed browser apps. */
    public record Push(
            /** EC P-256 JWK of the VAPID key; generated into the data directory when absent. */
            Path vapidKeyFile,
            /** The contact the push services see ({@code mailto:} or {@code https:}). */
            @NotBlank @DefaultValue("mailto:admin@college.test") String subject,
            /** Push services a subscription may point at; anything else is refused (no requests to arbitrary hosts). */
            @DefaultValue({"fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com", "wns2-par02p.notify.windows.com"})
            java.util.List<String> allowedHosts) {
    }

    public record Kafka(
            @Min(1) @DefaultValue("6") int partitions,
            @Min(1) @DefaultValue("1") short replication) {
    }

    public record ClickHouse(
            @NotBlank @DefaultValue("jdbc:clickhouse://127.0.0.1:8123/attendance") String url,
            @NotBlank @DefaultValue("attendance") String database,
            @DefaultValue("default") String username,
            @DefaultValue("") String password,
            @DefaultValue("true") boolean migrate) {
    }

    /** Analytics (docs/rules.md "At-risk"): rates are (present + late) / (held − excused), as fractions. */
    public record Reports(
            /** Below this term rate in a subject a student is at risk (0.75 = 75 %). */
            @jakarta.validation.constraints.DecimalMin("0.0") @jakarta.validation.constraints.DecimalMax("1.0")
            @DefaultValue("0.75") double atRiskThreshold,
            /** This many absences in a row, up to the latest session of a subject, put a student at risk. */
            @Min(1) @DefaultValue("3") int consecutiveAbsences,
            /** A recent rate this far under the term rate puts a student at risk (0.15 = 15 points). */
            @jakarta.validation.constraints.DecimalMin("0.0") @jakarta.validation.constraints.DecimalMax("1.0")
            @DefaultValue("0.15") double recentDrop,
            /** What "recent" means. */
            @NotNull @DefaultValue("14d") Duration recentWindow,
            /** First day of the current term; unset: the latest 1 January or 1 July (two terms a year). */
            java.time.LocalDate termStart,
            /** The web app's public address, for the links in report e-mails (no trailing slash). */
            @NotBlank @DefaultValue("http://localhost:8080") String dashboardUrl) {

        /** The current term's first day on {@code today}. */
        public java.time.LocalDate termStart(java.time.LocalDate today) {
            if (termStart != null && !termStart.isAfter(today)) {
                return termStart;
            }
            return today.getMonthValue() >= 7 ? today.withDayOfYear(1).withMonth(7) : today.withDayOfYear(1);
        }
    }
}
