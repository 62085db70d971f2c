package edu.attendance.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The {@code attendance.*} settings every service reads, typed and validated at start-up; defaults fit the embedded
 * run. A module's own settings are its own records: {@code attendance.auth} (platform-web's AuthSettings),
 * {@code attendance.sessions} (ingest's SessionSettings), {@code attendance.push} (the dashboard's PushSettings),
 * {@code attendance.stream}/{@code sink} (StreamSettings), the report schedule (ReportSettings). Capture policy and the
 * analytics policy stay here: ingest and the stream processor both apply the first, ingest, the analytics and
 * batch-reports the second.
 */
@Validated
@ConfigurationProperties("attendance")
public record AttendanceProperties(
        @NotNull @DefaultValue("data") Path dataDir,
        @NotNull @DefaultValue("UTC") ZoneId collegeZone,
        /**
         * The first admin, made a verified ADMIN at every start (before any roster exists): empty, none. The embedded demo
         * names {@code admin@college.test}; production must name one of the college's (see {@link Profile}).
         */
        @DefaultValue("") String bootstrapAdmin,
        @Valid @NotNull @DefaultValue Capture capture,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue ClickHouse clickhouse,
        @Valid @NotNull @DefaultValue Analytics reports,
        /** PRODUCTION ({@code ATTENDANCE_PROFILE=production}, set by the deployment files) refuses unsafe settings. */
        @NotNull @DefaultValue("DEVELOPMENT") Profile profile) {

    /**
     * DEVELOPMENT: any settings start (the embedded demo, tests). PRODUCTION: a service refuses to start on settings that
     * are safe only on a developer's machine — the demo's password-free sign-in, no real sign-in method, no named admin.
     */
    public enum Profile { DEVELOPMENT, PRODUCTION }

    /** Capture policy: anti-proxy signals, offline sync, rate limits (docs/rules.md rules 7, 8, 10). */
    public record Capture(
            /** A submission whose risk score reaches this is FLAGGED for the teacher. */
            @Min(1) @Max(1000) @DefaultValue("50") int riskThreshold,
            /** The college's networks (CIDR); a capture from elsewhere is a signal. Empty: not checked. */
            @DefaultValue("") List<String> campusCidrs,
            /** Load balancers (CIDR) whose X-Forwarded-For names the client; empty: the peer is the client. */
            @DefaultValue("") List<String> trustedProxies,
            /** Beyond this distance (plus both accuracies) from the teacher's location a capture is a signal. */
            @Min(10) @DefaultValue("150") int maxDistanceMeters,
            /** A student's location less accurate than this says nothing about the room and counts as none. */
            @Min(50) @DefaultValue("1000") int coarseLocationMeters,
            /**
             * Offline submissions are accepted until this long after the session ended: a phone without network in the
             * room sends its scan once it finds one — minutes after class, not hours; every minute more is a minute for
             * a relayed code to be posted as "offline" (docs/rules.md rule 8).
             */
            @NotNull @DefaultValue("30m") Duration offlineSyncLimit,
            /** More captures than this from one off-campus address within ten seconds are a burst. */
            @Min(2) @DefaultValue("20") int burstLimit,
            /** Capture requests per student per minute, and per address per minute. */
            @Min(1) @DefaultValue("30") int perStudentPerMinute,
            @Min(1) @DefaultValue("3000") int perAddressPerMinute,
            /**
             * Where a student's one mark per session is held (ingest): LOCAL, in the instance's memory (one instance);
             * DATABASE, in PostgreSQL, shared by every ingest instance behind one address (two round trips per scan).
             */
            @NotNull @DefaultValue("LOCAL") Claims claims) {

        public enum Claims { LOCAL, DATABASE }
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
            @DefaultValue("true") boolean migrate,
            /**
             * A cluster named in the servers' {@code remote_servers} (a {@code {macro}} too): empty, one server and the
             * single-server schema; set, the replicated and Distributed schema ({@code clickhouse-cluster/}), created
             * ON CLUSTER, and the sinks' inserts wait for the shards.
             */
            @Pattern(regexp = "[A-Za-z0-9_{}.-]{0,64}", message = "a cluster name: letters, digits, _ - . and {macro}")
            @DefaultValue("") String cluster) {

        public boolean clustered() {
            return !cluster.isEmpty();
        }
    }

    /** Analytics (docs/rules.md "At-risk"): rates are (present + late) / (held − excused), as fractions. */
    public record Analytics(
            /** Below this term rate in a subject a student is at risk (0.75 = 75 %). */
            @DecimalMin("0.0") @DecimalMax("1.0")
            @DefaultValue("0.75") double atRiskThreshold,
            /** This many absences in a row, up to the latest session of a subject, put a student at risk. */
            @Min(1) @DefaultValue("3") int consecutiveAbsences,
            /** A recent rate this far under the term rate puts a student at risk (0.15 = 15 points). */
            @DecimalMin("0.0") @DecimalMax("1.0")
            @DefaultValue("0.15") double recentDrop,
            /** What "recent" means. */
            @NotNull @DefaultValue("14d") Duration recentWindow,
            /** First day of the current term; unset: the latest 1 January or 1 July (two terms a year). */
            LocalDate termStart,
            /** Last day of the current term (the eligibility forecast counts the classes up to it); unset: 30 June or 31 December. */
            LocalDate termEnd,
            /** The web app's public address, for the links in report e-mails (no trailing slash). */
            @NotBlank @DefaultValue("http://localhost:8080") String dashboardUrl) {

        /** The current term's last day on {@code today}: the setting while it lies ahead, else the half-year's end. */
        public LocalDate termEnd(LocalDate today) {
            if (termEnd != null && !termEnd.isBefore(today)) {
                return termEnd;
            }
            return today.getMonthValue() >= 7 ? today.withMonth(12).withDayOfMonth(31) : today.withMonth(6).withDayOfMonth(30);
        }

        /** The current term's first day on {@code today}. */
        public LocalDate termStart(LocalDate today) {
            if (termStart != null && !termStart.isAfter(today)) {
                return termStart;
            }
            return today.getMonthValue() >= 7 ? today.withDayOfYear(1).withMonth(7) : today.withDayOfYear(1);
        }
    }
}
