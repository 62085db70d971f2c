package edu.attendance.ingest.auth;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.AuthSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the sign-in page offers: Google in the browser when a client is configured, and — only while dev
 * login is on (the embedded run) — a few accounts to try, chosen so that the teacher has periods today
 * and the students sit in that teacher's class.
 */
@Component
class SignInOptions {

    public record Account(String email, String name, String role, String note) {
    }

    /**
     * {@code zone}, {@code atRiskThreshold} and {@code termStart}: what the web app needs to write dates in the
     * college's zone and to say where a student stands.
     */
    /** {@code codeRequired}: dev login from the caller's machine needs the code shown on the server's console. */
    public record Options(boolean google, boolean devLogin, boolean codeRequired, List<Account> accounts, String zone,
                          double atRiskThreshold, LocalDate termStart) {
    }

    private final JdbcClient jdbc;
    private final AttendanceProperties props;
    private final AuthSettings auth;
    private final ObjectProvider<ReactiveClientRegistrationRepository> registrations;
    private final Clock clock;

    public SignInOptions(JdbcClient jdbc, AttendanceProperties props, AuthSettings auth,
                         ObjectProvider<ReactiveClientRegistrationRepository> registrations, Clock clock) {
        this.jdbc = jdbc;
        this.props = props;
        this.auth = auth;
        this.registrations = registrations;
        this.clock = clock;
    }

    /**
     * The zone as a browser's {@code Intl} reads it. A region ("Asia/Kolkata") stays as it is. Java names a zero
     * offset "Z", which {@code Intl.DateTimeFormat} refuses (every date on the page would then fail to format), so it is
     * "UTC"; a whole-hour offset is the IANA "Etc/GMT" zone every browser knows (whose sign is reversed: +05:00 is
     * Etc/GMT-5); any other offset ("+05:30") is left to browsers that read offsets, the others show UTC.
     */
    static String browserZone(ZoneId zone) {
        ZoneId normalised = zone.normalized();
        if (!(normalised instanceof ZoneOffset offset)) {
            return zone.getId();
        }
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return "UTC";
        }
        int hours = seconds / 3600;
        boolean inEtc = seconds % 3600 == 0 && hours >= -12 && hours <= 14;
        return inEtc ? "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours) : offset.getId();
    }

    /**
     * {@code local}: the caller is this machine itself. Any other caller is shown student accounts only — a list of the
     * staff and admins would tell a stranger on the network whom to impersonate.
     */
    public Options options(boolean local) {
        boolean google = registrations.getIfAvailable() != null;
        LocalDate today = LocalDate.now(clock.withZone(props.collegeZone()));
        String zone = browserZone(props.collegeZone());
        double threshold = props.reports().atRiskThreshold();
        LocalDate term = props.reports().termStart(today);
        if (!auth.devLogin()) {
            return new Options(google, false, false, List.of(), zone, threshold, term);
        }
        String day = today.getDayOfWeek()
                .getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
        List<Account> accounts = new ArrayList<>();
        List<Account> teachers = jdbc.sql("""
                SELECT u.email, u.name, u.role, count(p.period_id) AS today
                FROM users u JOIN teachers t ON t.email = u.email
                LEFT JOIN subjects s ON s.teacher_email = u.email
                LEFT JOIN periods p ON p.subject_id = s.subject_id AND p.day_of_week = ?
                WHERE u.verified AND NOT u.blocked
                GROUP BY u.email, u.name, u.role ORDER BY today DESC, u.email LIMIT 2
                """).param(day)
                .query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getInt(4) == 0 ? "no periods today" : rs.getInt(4) + " periods today"))
                .list();
        String featured = teachers.isEmpty() ? null : teachers.getFirst().email();
        if (local) {
            accounts.addAll(teachers);
        }
        accounts.addAll(jdbc.sql("""
                SELECT u.email, u.name, u.role, st.class_id
                FROM users u JOIN students st ON st.email = u.email
                WHERE u.verified AND NOT u.blocked
                ORDER BY (st.class_id IN (SELECT class_id FROM subjects WHERE teacher_email = ?)) DESC, st.class_id, st.roll_no
                LIMIT 3
                """).param(featured)
                .query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), "class " + rs.getString(4)))
                .list());
        if (local) {
            accounts.addAll(jdbc.sql("""
                    SELECT email, name, role FROM users WHERE role IN ('ADMIN', 'MANAGEMENT') AND verified AND NOT blocked
                    ORDER BY role, email LIMIT 3
                    """).query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), null)).list());
        }
        return new Options(google, true, !local, accounts, zone, threshold, term);
    }
}
