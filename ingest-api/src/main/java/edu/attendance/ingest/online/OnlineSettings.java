package edu.attendance.ingest.online;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The college's policy for online classes ({@code attendance.online.*}; docs/rules.md, "Online classes"): the share of a
 * session's minutes a student must be in its meeting to count (PRESENT, or LATE after the late time), how long an
 * in-meeting check-in's code can be typed, how many wrong tries a student has for one, and — where the college
 * configures it — the Microsoft Graph application that reads Teams meetings' attendance reports.
 */
@ConfigurationProperties("attendance.online")
record OnlineSettings(@DefaultValue("0.75") double minShare,
                      @DefaultValue("PT1M") Duration checkInOpen,
                      @DefaultValue("3") int checkInTries,
                      @DefaultValue Teams teams) {

    OnlineSettings {
        if (minShare <= 0 || minShare > 1 || checkInOpen.isNegative() || checkInOpen.isZero() || checkInTries < 1) {
            throw new IllegalArgumentException("attendance.online: 0 < min-share ≤ 1, check-in-open > 0, check-in-tries ≥ 1");
        }
    }

    /**
     * The college's Entra ID application for Teams' attendance reports (application permission
     * {@code OnlineMeetingArtifact.Read.All}, and an application access policy granting it the teachers' meetings); off
     * while {@code clientId} is blank. {@code loginUrl} and {@code graphUrl} are Microsoft's, settable for a national
     * cloud (or a test).
     */
    record Teams(@DefaultValue("") String tenantId,
                 @DefaultValue("") String clientId,
                 @DefaultValue("") String clientSecret,
                 @DefaultValue("https://login.microsoftonline.com") String loginUrl,
                 @DefaultValue("https://graph.microsoft.com/v1.0") String graphUrl,
                 @DefaultValue("PT20S") Duration timeout) {

        boolean enabled() {
            return !clientId.isBlank();
        }

        @Override
        public String toString() {
            return "Teams[tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret=" + (clientSecret.isBlank() ? "" : "****")
                    + ", loginUrl=" + loginUrl + ", graphUrl=" + graphUrl + "]";
        }
    }
}
