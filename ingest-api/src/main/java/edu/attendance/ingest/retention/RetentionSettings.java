package edu.attendance.ingest.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long ingest keeps what it holds about people ({@code attendance.retention.*}; docs/rules.md, "What is kept and for
 * how long"): the audit log (who changed what, e-mails in it) as long as the history it explains; refresh tokens and
 * revoked sign-in families a month past their end; the flag history (which students were flagged, per session) a year.
 */
@ConfigurationProperties("attendance.retention")
record RetentionSettings(@DefaultValue("1830d") Duration auditLog,
                         @DefaultValue("30d") Duration refreshTokens,
                         @DefaultValue("365d") Duration flagHistory) {
}
