package edu.attendance.stream.sink;

import edu.attendance.platform.clickhouse.ClickHouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How long the history keeps each kind of row ({@code attendance.retention.*}; docs/rules.md, "What is kept and for how
 * long"), as ClickHouse TTLs that drop whole expired rows in the background merges: raw submissions (with the device,
 * the client address and the risk evidence) and alerts a year, the decisions and the rollups five years — the history
 * the college answers for. Set when the schema is brought up to date, and only where the table's TTL differs.
 */
final class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    @ConfigurationProperties("attendance.retention")
    record Settings(@DefaultValue("365d") Duration submissions, @DefaultValue("365d") Duration alerts,
                    @DefaultValue("1830d") Duration history) {
    }

    /** A table, the expression its rows age by, and how long they are kept. */
    record Rule(String table, String age, Duration keep) {
        String ttl() {
            return age + " + toIntervalDay(" + keep.toDays() + ")";
        }
    }

    private HistoryRetention() {
    }

    static List<Rule> rules(Settings settings) {
        return List.of(new Rule("submissions", "toDateTime(received_at)", settings.submissions()),
                new Rule("alerts", "toDateTime(at)", settings.alerts()),
                new Rule("decisions", "session_date", settings.history()),
                new Rule("student_subject_daily", "day", settings.history()),
                new Rule("student_subject_monthly", "month", settings.history()),
                new Rule("session_daily", "day", settings.history()));
    }

    /** Sets each table's TTL where it is not already this one (on a cluster, on every replica's local table). */
    static void apply(ClickHouse ch, Settings settings) {
        for (Rule rule : rules(settings)) {
            String table = ch.clustered() ? rule.table() + "_local" : rule.table();
            String current = ch.jdbc().queryForObject("SELECT create_table_query FROM system.tables WHERE database = ? AND name = ?",
                    String.class, ch.database(), table);
            if (current != null && current.contains("TTL " + rule.ttl())) {
                continue;
            }
            String onCluster = ch.clustered() ? " ON CLUSTER '" + ch.cluster() + "'" : "";
            // the expired rows of existing parts go in the background (a mutation), not before the sinks start
            ch.jdbc().execute("ALTER TABLE " + ch.database() + "." + table + onCluster + " MODIFY TTL " + rule.ttl());
            log.info("history retention: {} keeps rows {} days", rule.table(), rule.keep().toDays());
        }
    }
}
