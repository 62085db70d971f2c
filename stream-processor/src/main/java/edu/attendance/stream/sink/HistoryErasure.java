package edu.attendance.stream.sink;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.kafka.ErasureFollower;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes erased students' rows from the history ({@link StudentsErased}, one consumer group for all instances): decisions,
 * the per-student rollups (daily and monthly; the per-session one names nobody), raw submissions and the alerts that
 * name them, matched by the SHA-256 of the e-mail, each as a ClickHouse mutation waited for ({@code mutations_sync})
 * before the event's offset is committed ({@link ErasureFollower}). Runs where the history sinks run.
 */
@Component
@ConditionalOnProperty(name = "attendance.stream.enabled", havingValue = "true", matchIfMissing = true)
class HistoryErasure extends ErasureFollower {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final ClickHouse clickHouse;

    HistoryErasure(HistorySchema schema, ClickHouse clickHouse, KafkaProperties kafka) {
        super("history", kafka.buildConsumerProperties());
        this.clickHouse = clickHouse;
    }

    /** The statements that remove these students from the history (their hashes checked: nothing else reaches SQL). */
    static List<String> statements(ClickHouse ch, StudentsErased erased) {
        for (String h : erased.emailHashes()) {
            if (!HASH.matcher(h).matches()) {
                throw new IllegalArgumentException("not an e-mail hash: " + h);
            }
        }
        String in = erased.emailHashes().stream().map(h -> "'" + h + "'").collect(Collectors.joining(",", "(", ")"));
        String onCluster = ch.clustered() ? " ON CLUSTER '" + ch.cluster() + "'" : "";
        String suffix = ch.clustered() ? "_local" : "";
        String byStudent = " DELETE WHERE lower(hex(SHA256(student_email))) IN " + in + " SETTINGS mutations_sync = 2";
        return List.of(
                "ALTER TABLE " + ch.database() + ".decisions" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".student_subject_daily" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".student_subject_monthly" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".submissions" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".alerts" + suffix + onCluster
                        + " DELETE WHERE arrayExists(s -> lower(hex(SHA256(s))) IN " + in + ", students) SETTINGS mutations_sync = 2");
    }

    @Override
    protected void erase(StudentsErased erased) {
        for (String sql : statements(clickHouse, erased)) {
            clickHouse.jdbc().execute(sql);
        }
    }
}
